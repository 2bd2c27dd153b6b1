import Foundation
import Store
import TestSupport

/// A small run store written through the store's API: two replayed devices and one measured
/// with a latency model, a few architectures of each kind, shrinks, scaling, λ and fleet events.
enum ReportFixture {
    static let config = """
        name: fixture
        space: nb201
        strategy: hsconas
        seed: 3
        targets:
          - device: raspi4
            max_latency_ms: 20
          - device: cpu
            max_latency_ms: 10
            runtime: native
            model: table
        """

    static func directory(_ label: String) throws -> URL {
        try TestFolder.make("report-\(label)")
    }

    /// Writes the fixture store and returns its path.
    static func store(in directory: URL, finished: Bool = true, config: String = ReportFixture.config) throws -> String {
        let path = directory.appendingPathComponent("run.sqlite").path
        let store = try RunStore(path: path)
        let start = Date(timeIntervalSince1970: 1_800_000_000)
        try store.saveRun(RunRecord(name: "fixture", config: config, seed: 3, createdAt: start))
        var records: [EvaluationRecord] = []
        func add(_ arch: String, _ metric: String, _ device: String, _ value: Double?, _ source: EvaluationSource?, worker: String, at: Double, error: String? = nil, environment: String? = nil) {
            records.append(
                EvaluationRecord(
                    space: "nb201", architecture: arch, metric: metric, device: device, value: value, source: source,
                    worker: worker, startedAt: start.addingTimeInterval(at), finishedAt: start.addingTimeInterval(at + 0.5),
                    error: error, environment: environment))
        }
        let environment = #"{"cpu":"Test CPU","cores":"1","cv":"0.01","runs":"12","runtime":"native","runtime_version":"engine 1","threads":"1"}"#
        // a: fast and feasible everywhere; b: more accurate, feasible; c: over raspi4's limit, no accuracy.
        add("a", "latency_ms", "raspi4", 12, .replay, worker: "raspi4-1", at: 1)
        add("a", "latency_predicted_ms", "cpu", 5, .predicted, worker: "", at: 1)
        add("a", "latency_ms", "cpu", 5.2, .measured, worker: "cpu-1", at: 1.5, environment: environment)
        add("a", "valid_accuracy", "", 80, .table, worker: "accuracy-1", at: 2)
        add("b", "latency_ms", "raspi4", 18, .replay, worker: "raspi4-1", at: 3)
        add("b", "latency_predicted_ms", "cpu", 8, .predicted, worker: "", at: 3)
        add("b", "latency_ms", "cpu", 9.5, .measured, worker: "cpu-1", at: 3.5, environment: environment)
        // b's first reading, slower, set aside by the answer's second reading: device time all the same.
        add("b", "latency_discarded_ms", "cpu", 11, .measured, worker: "cpu-1", at: 2.9, environment: environment)
        add("b", "valid_accuracy", "", 85, .table, worker: "accuracy-1", at: 4)
        add("c", "latency_ms", "raspi4", 30, .replay, worker: "raspi4-1", at: 5)
        add("c", "latency_predicted_ms", "cpu", 15, .predicted, worker: "", at: 5)
        // d: decided on the cpu model alone (predicted only), evaluated, dominated.
        add("d", "latency_ms", "raspi4", 19, .replay, worker: "raspi4-1", at: 6)
        add("d", "latency_predicted_ms", "cpu", 3, .predicted, worker: "", at: 6)
        add("d", "valid_accuracy", "", 70, .table, worker: "accuracy-2", at: 7)
        // e: its accuracy job failed for good.
        add("e", "latency_ms", "raspi4", 10, .replay, worker: "raspi4-1", at: 8)
        add("e", "latency_predicted_ms", "cpu", 4, .predicted, worker: "", at: 8)
        add("e", "valid_accuracy", "", nil, nil, worker: "", at: 9, error: "worker accuracy-2 missed 3 heartbeats")
        try store.record(records)
        try store.saveCheckpoint(
            CheckpointRecord(generation: 1, evaluations: 3, state: Data("{}".utf8), createdAt: start.addingTimeInterval(9)),
            shrinks: [
                ShrinkRecord(
                    generation: 1, position: 0, positionName: "edge 0", choice: 0, choiceName: "none", score: 0.1,
                    spaceSizeBefore: 15625, spaceSizeAfter: 12500)
            ],
            lambdaUpdates: [LambdaRecord(generation: 1, eliteLatencyRatio: 1.2, lambdaBefore: 0, lambdaAfter: 0.1)])
        try store.recordFleetEvents([
            FleetEventRecord(at: start.addingTimeInterval(0.5), kind: .joined, worker: "accuracy-2", device: "", detail: "accuracy"),
            FleetEventRecord(
                at: start.addingTimeInterval(8.5), kind: .left, worker: "accuracy-2", device: "", detail: "missed 3 heartbeats",
                requeued: 1),
        ])
        if finished {
            try store.finishRun(result: #"{"best":{"architecture":"b"},"latency_models":{"cpu":{"kind":"table","confidence":2,"log_sd":0.031,"measured":2,"screened":0}}}"#, at: start.addingTimeInterval(10))
        }
        return path
    }
}
