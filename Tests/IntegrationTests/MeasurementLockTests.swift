import Foundation
import Store
import Testing

/// Two measuring workers on one host (this CPU at 1 and at 2 threads, each its own process)
/// take turns on the host's measurement lock instead of timing each other's load.
@Suite("host measurement lock")
struct MeasurementLockTests {
    static let config = """
        name: lock
        space: nb201
        dataset: cifar10
        strategy: random
        seed: 5
        budget: 8
        population: 8
        parents: 2
        targets:
          - device: cpu_1t
            runtime: native
            threads: 1
            max_latency_ms: 50
            model: none
          - device: cpu_2t
            runtime: native
            threads: 2
            max_latency_ms: 50
            model: none
        fleet:
          bind: tcp://127.0.0.1:*
          heartbeat_ms: 500
          accuracy_workers: 1
          measurement:
            warmup_runs: 1
            min_runs: 3
            min_seconds: 0.02
            max_cv: 1
            attempts: 1
        output: unused
        """

    @Test("measurements of two local devices never overlap in time, and each records its wait for the lock")
    func neverOverlap() async throws {
        let scratch = try Scratch.directory("lock")
        let config = try Scratch.config(Self.config, in: scratch)
        let output = scratch.appendingPathComponent("out")
        let search = try ChildProcess(["search", "--config", config, "--output", output.path, "--quiet"], name: "lock")
        #expect(try await search.waitForExit() == 0, "\(search.output.joined(separator: "\n"))")

        let store = try RunStore(path: try Scratch.runDirectory(in: output).appendingPathComponent("run.sqlite").path)
        let measured = try store.evaluations().filter { $0.metric == "latency_ms" && $0.source == .measured }
        var intervals: [(device: String, from: Double, until: Double)] = []
        for record in measured {
            let environment = try #require(
                record.environment.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] })
            let from = try #require(environment["measured_from"].flatMap(Double.init), "\(environment)")
            let until = try #require(environment["measured_until"].flatMap(Double.init))
            #expect(environment["host_lock"]?.isEmpty == false)
            #expect(Double(environment["lock_wait_ms"] ?? "") ?? -1 >= 0)
            #expect(until > from)
            intervals.append((record.device, from, until))
        }
        #expect(Set(intervals.map(\.device)) == ["cpu_1t", "cpu_2t"], "both devices were measured")
        #expect(intervals.count >= 16, "8 candidates on 2 devices")
        intervals.sort { $0.from < $1.from }
        for (earlier, later) in zip(intervals, intervals.dropFirst()) {
            #expect(
                later.from >= earlier.until,
                "\(later.device) started measuring at \(later.from) while \(earlier.device) held the host until \(earlier.until)")
        }
    }
}
