import Foundation
import Store
import Testing

/// `hsconas store check` on a real run's store, before and after damage done through the store's API.
@Suite("store check command")
struct StoreCheckTests {
    @Test("a real run's store passes; a checkpoint that is not the strategy's state and a bad evaluation are named, exit 1")
    func realStore() async throws {
        let path = try await Scratch.smallSearch("store-check").run.appendingPathComponent("run.sqlite").path

        let good = try ChildProcess(["store", "check", path], name: "check-good")
        #expect(try await good.waitForExit() == 0, "\(good.output)")
        #expect(good.output.contains { $0.contains("ok: no problems found") })
        #expect(good.output.contains { $0.contains("run: 'e2e', finished at") })
        #expect(good.output.contains { $0.contains("valid_accuracy 40") })

        // Valid JSON, but not an HSCoNAS evolution state; and a metric nobody writes.
        let store = try RunStore(existing: path)
        let generation = try #require(try store.latestCheckpoint()).generation
        try store.saveCheckpoint(CheckpointRecord(generation: generation, evaluations: 40, state: Data("{\"x\":1}".utf8)))
        let now = Date()
        try store.record([
            EvaluationRecord(
                space: "nb201", architecture: "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|", metric: "latency_s",
                device: "raspi4", value: 0.01, source: .replay, worker: "w", startedAt: now, finishedAt: now)
        ])
        let bad = try ChildProcess(["store", "check", path], name: "check-bad")
        #expect(try await bad.waitForExit() == 1)
        #expect(bad.output.contains { $0.contains("2 problem(s)") }, "\(bad.output)")
        #expect(bad.output.contains { $0.contains("checkpoint \(generation): the search state does not decode") })
        #expect(bad.output.contains { $0.contains("unknown metric 'latency_s'") })
    }

    @Test("store check on something that is not a store: exit 1, the file and the reason named, nothing created")
    func notAStore() async throws {
        let scratch = try Scratch.directory("store-check-bad")
        let missing = scratch.appendingPathComponent("none.sqlite").path
        let check = try ChildProcess(["store", "check", missing], name: "check-missing")
        #expect(try await check.waitForExit() == 1)
        #expect(check.output.contains { $0.contains(missing) && $0.contains("no such file") })
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test("a worker with a malformed --fault is refused, naming the fault")
    func badFault() async throws {
        let cases = [
            ("explode=1", "unknown fault 'explode'"), ("slow-ms=soon", "slow-ms 'soon'"), ("crash-on=", "crash-on=SUBSTRING"),
            ("drift=20", "drift '20' must be N:FACTOR"), ("drift=-1:2", "drift '-1:2'"), ("drift=5:0", "drift '5:0'"),
        ]
        for (fault, expected) in cases {
            let worker = try ChildProcess(
                ["worker", "--coordinator", "tcp://127.0.0.1:1", "--device", "raspi4", "--fault", fault], name: "bad-fault")
            #expect(try await worker.waitForExit() != 0)
            #expect(worker.output.contains { $0.contains(expected) }, "\(fault): \(worker.output)")
        }
    }
}
