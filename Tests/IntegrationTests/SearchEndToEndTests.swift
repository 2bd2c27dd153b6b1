import Foundation
import Store
import Testing

/// Real processes over real tcp sockets: the `hsconas` binary as coordinator and as workers.
@Suite("search end to end")
struct SearchEndToEndTests {
    static func config(budget: Int = 150, heartbeatMs: Int = 200, accuracyWorkers: Int = 2, delayMs: Int = 0) -> String {
        """
        name: e2e
        space: nb201
        dataset: cifar10
        strategy: hsconas
        seed: 7
        budget: \(budget)
        population: 20
        parents: 5
        targets:
          - device: raspi4
            max_latency_ms: 20
          - device: pixel3
            max_latency_ms: 8
          - device: gold_6240
            max_latency_ms: 9
        fleet:
          bind: tcp://127.0.0.1:*
          heartbeat_ms: \(heartbeatMs)
          accuracy_workers: \(accuracyWorkers)
          workers_per_device: 1
          simulated_delay_ms: \(delayMs)
        output: unused
        """
    }

    @Test("`hsconas search`: coordinator and 5 worker processes finish a 3-device search with a result and a store")
    func searchCommand() async throws {
        let scratch = try Scratch.directory("e2e")
        let config = try Scratch.config(Self.config(), in: scratch)
        let output = scratch.appendingPathComponent("out")
        let search = try ChildProcess(["search", "--config", config, "--output", output.path, "--quiet"], name: "search")
        let status = try await search.waitForExit()
        #expect(status == 0, "output:\n\(search.output.joined(separator: "\n"))")
        #expect(search.output.contains { $0.contains("Best architecture meeting every target") })
        #expect(search.output.contains { $0.contains("starting 5 local workers") })

        let result = try Scratch.result(in: output)
        let best = try #require(result["best"] as? [String: Any])
        let latency = try #require(best["latency_ms"] as? [String: [String: Any]])
        for (device, limit) in [("raspi4", 20.0), ("pixel3", 8.0), ("gold_6240", 9.0)] {
            let figure = try #require(latency[device])
            #expect((figure["value"] as? Double ?? .infinity) <= limit)
            #expect(figure["source"] as? String == "replay")
        }
        #expect(result["accuracy_evaluations"] as? Int == 150)
        let regret = try #require(result["regret_valid"] as? Double)
        #expect(regret >= 0 && regret < 5)

        let store = try RunStore(path: try Scratch.runDirectory(in: output).appendingPathComponent("run.sqlite").path)
        let evaluations = try store.evaluations()
        let accuracy = evaluations.filter { $0.metric == "valid_accuracy" }
        #expect(accuracy.count == 150)
        #expect(accuracy.allSatisfy { $0.source == .table && $0.value != nil })
        let latencies = evaluations.filter { $0.metric == "latency_ms" }
        #expect(latencies.allSatisfy { $0.source == .replay })
        #expect(Set(latencies.map(\.device)) == ["raspi4", "pixel3", "gold_6240"])
        // Each latency came from the worker of its own device.
        #expect(latencies.allSatisfy { $0.worker.hasPrefix($0.device) })
        #expect(Set(accuracy.map(\.worker)).isSubset(of: ["accuracy-1", "accuracy-2"]))
        let keys = evaluations.map { "\($0.architecture)|\($0.metric)|\($0.device)" }
        #expect(Set(keys).count == keys.count)
        #expect(try store.checkpointCount() > 0)
        #expect(try store.run()?.result != nil)
    }

    @Test("bad configs fail with one error line naming the field and the value")
    func badConfigs() async throws {
        let scratch = try Scratch.directory("badconfig")
        let cases: [(String, String)] = [
            (Self.config().replacingOccurrences(of: "device: pixel3", with: "device: toaster"),
             "targets[1].device"),
            (Self.config().replacingOccurrences(of: "dataset: cifar10", with: "dataset: mnist"), "dataset"),
            (Self.config().replacingOccurrences(of: "bind: tcp://127.0.0.1:*", with: "bind: tcp//nowhere"),
             "fleet.bind"),
            (Self.config().replacingOccurrences(of: "budget: 150", with: "budget: lots"), "budget"),
            (Self.config() + "\nbudgett: 3\n", "budgett"),
            (Self.config(accuracyWorkers: 0), "fleet.accuracy_workers"),
        ]
        for (index, (yaml, field)) in cases.enumerated() {
            let directory = scratch.appendingPathComponent("\(index)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = try Scratch.config(yaml, in: directory)
            let search = try ChildProcess(
                ["search", "--config", path, "--output", directory.appendingPathComponent("out").path], name: "bad-\(index)")
            let status = try await search.waitForExit()
            #expect(status != 0)
            let errorLine = search.output.first { $0.contains("Error") || $0.contains("error") } ?? ""
            #expect(errorLine.contains(field), "case \(index): \(search.output)")
        }
    }

    @Test("a worker with an unparsable coordinator address fails with the flag named")
    func badWorkerAddress() async throws {
        let worker = try ChildProcess(["worker", "--coordinator", "localhost:5555", "--device", "raspi4"], name: "worker")
        let status = try await worker.waitForExit()
        #expect(status != 0)
        #expect(worker.output.contains { $0.contains("--coordinator") && $0.contains("localhost:5555") })
    }
}
