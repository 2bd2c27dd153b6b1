import Foundation
import Store
import Testing
import TestSupport

@Suite("run store (SQLite through GRDB)")
struct RunStoreTests {
    func temporaryPath() -> String {
        TestFolder.path("store", file: "run.sqlite")
    }

    func evaluation(_ architecture: String, metric: String = "latency_ms", device: String = "raspi4", value: Double?)
        -> EvaluationRecord
    {
        EvaluationRecord(
            space: "nb201", architecture: architecture, metric: metric, device: device, value: value,
            source: value == nil ? nil : .replay, worker: "w1", startedAt: Date(), finishedAt: Date(),
            error: value == nil ? "boom" : nil)
    }

    @Test("a run, its evaluations, checkpoints and shrink log survive reopening the file")
    func persistence() throws {
        let path = temporaryPath()
        do {
            let store = try RunStore(path: path)
            try store.saveRun(RunRecord(name: "t", config: "seed: 1", seed: 1))
            #expect(try store.record([evaluation("a", value: 1.5), evaluation("b", value: nil)]) == 2)
            try store.saveCheckpoint(
                CheckpointRecord(generation: 1, evaluations: 10, state: Data("{}".utf8)),
                shrinks: [
                    ShrinkRecord(
                        generation: 1, position: 2, positionName: "edge 2<-1", choice: 0, choiceName: "none",
                        score: 0.1, spaceSizeBefore: 15625, spaceSizeAfter: 12500)
                ])
            try store.finishRun(result: "{\"ok\":true}")
        }
        let reopened = try RunStore(path: path)
        let run = try #require(try reopened.run())
        #expect(run.config == "seed: 1" && run.result == "{\"ok\":true}" && run.finishedAt != nil)
        let stored = try reopened.evaluations()
        #expect(stored.map(\.architecture) == ["a", "b"])
        #expect(stored[0].source == .replay && stored[0].value == 1.5)
        #expect(stored[1].source == nil && stored[1].value == nil && stored[1].error == "boom")
        #expect(try reopened.latestCheckpoint()?.generation == 1)
        #expect(try reopened.shrinks().first?.spaceSizeAfter == 12500)
    }

    @Test("an evaluation is stored once per architecture, metric and device; a duplicate does not overwrite")
    func memoized() throws {
        let store = try RunStore(path: temporaryPath())
        #expect(try store.record([evaluation("a", value: 1)]) == 1)
        #expect(try store.record([evaluation("a", value: 99)]) == 0)
        #expect(try store.record([evaluation("a", device: "pixel3", value: 2)]) == 1)
        #expect(try store.record([evaluation("a", metric: "valid_accuracy", device: "", value: 80)]) == 1)
        let values = try store.evaluations().map(\.value)
        #expect(values == [1, 2, 80])
        #expect(try store.evaluationCount(metric: "latency_ms") == 2)
    }

    @Test("the latest checkpoint wins and a re-saved generation replaces the old one")
    func checkpoints() throws {
        let store = try RunStore(path: temporaryPath())
        for generation in [1, 2, 3, 2] {
            try store.saveCheckpoint(
                CheckpointRecord(generation: generation, evaluations: generation * 10, state: Data("\(generation)".utf8)))
        }
        #expect(try store.checkpointCount() == 3)
        #expect(try store.latestCheckpoint()?.evaluations == 30)
    }

    @Test("a path that cannot be a database gives an error naming it")
    func badPath() throws {
        let path = temporaryPath()
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        #expect { try RunStore(path: path) } throws: { error in
            (error as? StoreError)?.description.contains(path) ?? false
        }
    }
}
