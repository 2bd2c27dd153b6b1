import Foundation
import Store
import Testing

/// A coordinator process and worker processes started one by one, as on separate machines.
@Suite("worker failure")
struct WorkerFailureTests {
    struct Fleet {
        let coordinator: ChildProcess
        var workers: [String: ChildProcess] = [:]
        let output: URL
    }

    /// Starts `hsconas coordinator` and the given workers (id → device, nil for accuracy workers).
    static func start(label: String, workers: [(String, String?)], delayMs: Int) async throws -> Fleet {
        let scratch = try Scratch.directory(label)
        let config = try Scratch.config(
            SearchEndToEndTests.config(budget: 120, heartbeatMs: 200, accuracyWorkers: 0, delayMs: 0), in: scratch)
        let output = scratch.appendingPathComponent("out")
        let (coordinator, endpoint) = try await ChildProcess.coordinator(config: config, output: output)
        var fleet = Fleet(coordinator: coordinator, output: output)
        for (id, device) in workers {
            var arguments = [
                "worker", "--coordinator", endpoint, "--id", id, "--heartbeat-ms", "200",
                "--simulated-delay-ms", String(delayMs), "--capacity", "1",
            ]
            if let device {
                arguments += ["--device", device, "--kinds", "latency"]
            } else {
                arguments += ["--kinds", "accuracy"]
            }
            fleet.workers[id] = try ChildProcess(arguments, name: id)
        }
        return fleet
    }

    static let workers: [(String, String?)] = [
        ("raspi4-a", "raspi4"), ("raspi4-b", "raspi4"), ("pixel3-a", "pixel3"), ("gold-a", "gold_6240"),
        ("acc-a", nil), ("acc-b", nil),
    ]

    static func outcome(_ fleet: Fleet) throws -> (best: String, evaluations: Int, candidates: Int, store: RunStore) {
        let result = try Scratch.result(in: fleet.output)
        let best = try #require((result["best"] as? [String: Any])?["architecture"] as? String)
        let store = try RunStore(path: try Scratch.runDirectory(in: fleet.output).appendingPathComponent("run.sqlite").path)
        return (best, result["accuracy_evaluations"] as? Int ?? -1, result["candidates"] as? Int ?? -1, store)
    }

    @Test("a worker SIGKILLed mid-search: the search completes with the same result and no evaluation lost")
    func killedWorker() async throws {
        // The undisturbed reference run.
        let reference = try await Self.start(label: "ref", workers: Self.workers, delayMs: 2)
        #expect(try await reference.coordinator.waitForExit() == 0)
        let expected = try Self.outcome(reference)

        // The same search, with raspi4-a killed while it works, and an idle titanxp_1 worker nobody needs.
        let disturbed = try await Self.start(
            label: "kill", workers: Self.workers + [("titan-idle", "titanxp_1")], delayMs: 2)
        let victim = try #require(disturbed.workers["raspi4-a"])
        // Kill only once it has answered something, so it dies in the middle of the search.
        let storeDeadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < storeDeadline {
            if let run = try? Scratch.runDirectory(in: disturbed.output),
                let store = try? RunStore(path: run.appendingPathComponent("run.sqlite").path),
                let records = try? store.evaluations(), records.contains(where: { $0.worker == "raspi4-a" })
            {
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        victim.signal(SIGKILL)
        #expect(try await disturbed.coordinator.waitForExit() == 0)
        let actual = try Self.outcome(disturbed)

        #expect(actual.best == expected.best)
        #expect(actual.evaluations == expected.evaluations)
        #expect(actual.candidates == expected.candidates)
        let records = try actual.store.evaluations()
        #expect(records.allSatisfy { $0.value != nil }, "no evaluation may be lost or failed")
        #expect(records.filter { $0.metric == "valid_accuracy" }.count == expected.evaluations)
        #expect(records.contains { $0.worker == "raspi4-a" })
        #expect(records.contains { $0.worker == "raspi4-b" })
        #expect(!records.contains { $0.worker == "titan-idle" }, "a worker for a device nobody asked for stays idle")
        #expect(disturbed.coordinator.output.contains { $0.contains("worker left") && $0.contains("raspi4-a") })
        #expect(disturbed.coordinator.output.contains { $0.contains("worker joined") && $0.contains("titan-idle") })
    }
}
