import Foundation
import Store
import TestSupport
import Testing

/// A coordinator process plus worker processes that a test starts, stops, kills and restarts
/// itself, as a supervisor (systemd, Kubernetes) would restart a crashed worker.
struct FaultFleet {
    /// One worker process to run: its id, its device (nil: an accuracy worker) and extra flags.
    struct Worker: Sendable {
        var id: String
        var device: String?
        var extra: [String] = []
        var capacity = 2
        /// Simulated time per job, in ms: enough for a run of several seconds, so faults land
        /// mid-run even when a loaded machine polls the store late.
        var delayMs = 10
    }

    /// What a finished run produced, for comparison with another run.
    struct Outcome: Sendable, Equatable, CustomStringConvertible {
        var best: String?
        var accuracyEvaluations: Int
        var candidates: Int
        /// Every evaluation key (architecture|metric|device) → whether it holds a value.
        var keys: [String: Bool]

        var failedKeys: Set<String> { Set(keys.filter { !$0.value }.keys) }
        var description: String {
            "best \(best ?? "none"), \(accuracyEvaluations) accuracy evaluations, \(candidates) candidates, "
                + "\(keys.count) keys (\(failedKeys.count) failed)"
        }
    }

    let coordinator: ChildProcess
    let endpoint: String
    let output: URL
    private(set) var workers: [String: ChildProcess] = [:]
    private(set) var specs: [String: Worker] = [:]
    /// Restarts per worker id.
    private(set) var restarts: [String: Int] = [:]

    /// The fault tests' search: nb201, three replayed devices, leases of 2 s, heartbeats of 200 ms.
    static func config(budget: Int = 100) -> String {
        SearchEndToEndTests.config(budget: budget, heartbeatMs: 200, accuracyWorkers: 0, delayMs: 0)
            .replacingOccurrences(of: "  simulated_delay_ms: 0", with: "  simulated_delay_ms: 0\n  job_deadline_ms: 2000")
    }

    /// The latency workers of every fault test: two for raspi4, one each for pixel3 and gold_6240.
    static let latencyWorkers: [Worker] = [
        Worker(id: "raspi4-a", device: "raspi4"), Worker(id: "raspi4-b", device: "raspi4"),
        Worker(id: "pixel3-a", device: "pixel3"), Worker(id: "gold-a", device: "gold_6240"),
    ]

    /// Starts `hsconas coordinator` and the workers, in order, and returns once all are registered;
    /// with `staggered`, each worker is registered before the next starts (the coordinator offers
    /// jobs in registration order).
    static func start(label: String, workers: [Worker], budget: Int = 100, staggered: Bool = false) async throws -> FaultFleet {
        let scratch = try Scratch.directory(label)
        let config = try Scratch.config(Self.config(budget: budget), in: scratch)
        let output = scratch.appendingPathComponent("out")
        let (coordinator, endpoint) = try await ChildProcess.coordinator(config: config, output: output)
        var fleet = FaultFleet(coordinator: coordinator, endpoint: endpoint, output: output)
        for worker in workers {
            try fleet.launch(worker)
            if staggered { _ = try await fleet.workers[worker.id]?.waitForLine(containing: "registered") }
        }
        // Every worker is in before a test injects anything: a process killed before it ever
        // registered would test nothing.
        for worker in workers { _ = try await fleet.workers[worker.id]?.waitForLine(containing: "registered") }
        return fleet
    }

    private mutating func launch(_ worker: Worker) throws {
        var arguments = [
            "worker", "--coordinator", endpoint, "--id", worker.id, "--heartbeat-ms", "200",
            "--simulated-delay-ms", String(worker.delayMs), "--capacity", String(worker.capacity),
        ]
        if let device = worker.device {
            arguments += ["--device", device, "--kinds", "latency"]
        } else {
            arguments += ["--kinds", "accuracy"]
        }
        specs[worker.id] = worker
        workers[worker.id] = try ChildProcess(arguments + worker.extra, name: worker.id)
    }

    /// Restarts every worker whose process died (killed or crashed); one that exited cleanly
    /// (told bye by the finished coordinator) stays down.
    mutating func restartExited() throws {
        for (id, process) in workers where !process.isRunning {
            let clean = process.process.terminationReason == .exit && process.process.terminationStatus == 0
            guard !clean else { continue }
            guard let spec = specs[id] else { continue }
            restarts[id, default: 0] += 1
            try launch(spec)
        }
    }

    /// Keeps the workers running (restarting any that exit) until the coordinator finishes, or
    /// until its store has not moved for `idle` (a stalled search).
    mutating func superviseUntilDone(idle: Duration = .seconds(120)) async throws -> Int32 {
        while coordinator.isRunning, coordinator.timeWithoutProgress() < idle {
            try restartExited()
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await coordinator.waitForExit(idle: .seconds(5))
    }

    var storePath: String? {
        (try? Scratch.runDirectory(in: output)).map { $0.appendingPathComponent("run.sqlite").path }
    }

    /// Evaluations in the store at `path` (of one metric, or all), 0 while it does not exist yet.
    /// Read on a thread of its own: opening SQLite must not hold a cooperative thread that the
    /// socket tests running alongside need.
    static func count(_ path: String?, metric: String? = nil) async -> Int {
        guard let path else { return 0 }
        let counted = try? await offPool { () throws -> Int in
            guard FileManager.default.fileExists(atPath: path) else { return 0 }
            let store = try RunStore(existing: path)
            return try metric.map { try store.evaluationCount(metric: $0) } ?? store.evaluations().count
        }
        return counted ?? 0
    }

    /// Stored evaluations so far (0 before the store exists).
    func storedEvaluations() async -> Int {
        await Self.count(storePath)
    }

    /// Waits until the store holds more than `count` evaluations, restarting exited workers meanwhile.
    mutating func waitForEvaluations(moreThan count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(90)
        while await storedEvaluations() <= count {
            guard coordinator.isRunning, ContinuousClock.now < deadline else {
                throw TestFailure("the store never held more than \(count) evaluations")
            }
            try restartExited()
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    /// Waits until the store holds more than `count` accuracy evaluations.
    func waitForAccuracy(moreThan count: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(90)
        while await Self.count(storePath, metric: "valid_accuracy") <= count {
            guard coordinator.isRunning, ContinuousClock.now < deadline else {
                throw TestFailure("the store never held more than \(count) accuracy evaluations")
            }
            try await Task.sleep(for: .milliseconds(25))
        }
    }

    /// The finished run's result and store.
    func outcome() throws -> Outcome {
        let result = try Scratch.result(in: output)
        let store = try RunStore(existing: try Scratch.runDirectory(in: output).appendingPathComponent("run.sqlite").path)
        var keys: [String: Bool] = [:]
        for record in try store.evaluations() where record.metric != "latency_predicted_ms" {
            keys["\(record.architecture)|\(record.metric)|\(record.device)"] = record.value != nil
        }
        return Outcome(
            best: (result["best"] as? [String: Any])?["architecture"] as? String,
            accuracyEvaluations: result["accuracy_evaluations"] as? Int ?? -1, candidates: result["candidates"] as? Int ?? -1,
            keys: keys)
    }

    /// Coordinator log lines mentioning all of `texts`.
    func coordinatorLines(_ texts: String...) -> [String] {
        coordinator.output.filter { line in texts.allSatisfy { line.contains($0) } }
    }
}
