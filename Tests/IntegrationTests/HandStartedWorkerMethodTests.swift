import Foundation
import Orchestrator
import Store
import Testing

/// Workers started by hand (as on a board) time by the search's `fleet.measurement`, not their own defaults.
@Suite("hand-started workers measure by the search's method")
struct HandStartedWorkerMethodTests {
    /// The measured-search config with `local_cpu` measured by a worker the test starts itself; its
    /// method asks for exactly 3 timed runs (no minimum time, one attempt), where a worker's own
    /// defaults take at least 10.
    static let config = MeasuredSearchTests.config(budget: 8)
        .replacingOccurrences(of: "runtime: native", with: "runtime: remote")
        .replacingOccurrences(of: "min_seconds: 0.005", with: "min_seconds: 0")

    @Test("a native worker started with no measurement flags times every job by the config's method")
    func configMethodReachesHandStartedWorker() async throws {
        let scratch = try Scratch.directory("hand-method")
        let config = try Scratch.config(Self.config, in: scratch)
        let output = scratch.appendingPathComponent("out")
        let (coordinator, endpoint) = try await ChildProcess.coordinator(config: config, output: output)
        func worker(_ id: String, _ flags: [String]) throws -> ChildProcess {
            try ChildProcess.handStartedWorker(endpoint: endpoint, id: id, flags: flags, heartbeatMs: 500, name: "hand-\(id)")
        }
        let workers = [
            try worker("accuracy", ["--kinds", "accuracy"]),
            try worker("raspi4", ["--device", "raspi4", "--kinds", "latency"]),
            try worker("board", ["--device", "local_cpu", "--runtime", "native", "--kinds", "latency"]),
        ]
        defer { for worker in workers where worker.isRunning { worker.signal(SIGTERM) } }
        let status = try await coordinator.waitForExit()
        #expect(status == 0, "coordinator:\n\(coordinator.output.joined(separator: "\n"))")

        let store = try RunStore(existing: try Scratch.runDirectory(in: output).appendingPathComponent("run.sqlite").path)
        let measured = try store.evaluations().filter { $0.device == "local_cpu" && $0.metric == "latency_ms" }
        #expect(!measured.isEmpty, "the board measured nothing")
        for record in measured {
            #expect(record.source == .measured && record.worker == "board")
            let environment = try #require(
                record.environment.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] })
            #expect(environment["runs"] == "3", "the config's min_runs, not the worker's default 10: \(environment)")
            #expect(environment["attempts"] == "1")
        }
        // The worker's log says so, once: its own flags were not what timed the jobs.
        let notice = "timing by the search's measurement method"
        #expect(try await workers[2].waitForLine(containing: notice).contains("min_runs=3"))
        if workers[2].isRunning { workers[2].signal(SIGTERM) }
        _ = try await workers[2].waitForExit()
        #expect(workers[2].output.filter { $0.contains(notice) }.count == 1, "\(workers[2].output)")
    }

    @Test("jobs carry a method only when the config has fleet.measurement; without one, workers keep their own flags")
    func methodOnlyWhenGiven() throws {
        let given = try SearchConfig.parse(yaml: Self.config, table: SPOSConfigTests.table)
        #expect(
            given.fleet.jobMethod
                == ["warmup_runs": "1", "min_runs": "3", "min_seconds": "0.0", "max_cv": "0.5", "attempts": "1"])
        // The same config without its `measurement:` block (the key and its indented lines).
        var lines = Self.config.split(separator: "\n", omittingEmptySubsequences: false)
        let start = try #require(lines.firstIndex { $0.trimmingCharacters(in: .whitespaces) == "measurement:" })
        let end = lines[(start + 1)...].firstIndex { !$0.hasPrefix("    ") } ?? lines.endIndex
        lines.removeSubrange(start..<end)
        let without = try SearchConfig.parse(yaml: lines.joined(separator: "\n"), table: SPOSConfigTests.table)
        #expect(without.fleet.jobMethod.isEmpty && without.fleet.measurement == MeasurementConfig())
        // Encoded and read back (as a run's stored config is), the section stays absent, or given.
        let decoder = JSONDecoder()
        #expect(try decoder.decode(FleetConfig.self, from: JSONEncoder().encode(without.fleet)).jobMethod.isEmpty)
        #expect(try decoder.decode(FleetConfig.self, from: JSONEncoder().encode(given.fleet)).jobMethod == given.fleet.jobMethod)
        // A section set in code is given too.
        var set = without.fleet
        set.measurement = given.fleet.measurement
        #expect(set.jobMethod == given.fleet.jobMethod)
    }
}
