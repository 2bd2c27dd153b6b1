import Foundation
import Testing

/// A board's workers started once with `--stay` serve one search after another at the same address,
/// as a person running several searches (or a `--resume`) in an afternoon needs.
@Suite("hand-started workers that stay")
struct StayingWorkerProcessTests {
    static let config = """
        name: stay
        space: nb201
        dataset: cifar10
        strategy: hsconas
        seed: 5
        budget: 8
        population: 6
        parents: 3
        targets:
          - device: raspi4
            max_latency_ms: 20
        fleet:
          bind: tcp://127.0.0.1:*
          heartbeat_ms: 200
        output: unused
        """

    @Test("workers started with --stay serve two coordinators in a row on one port and stop on SIGTERM with status 0")
    func twoSearchesOneStart() async throws {
        let scratch = try Scratch.directory("stay")
        let config = try Scratch.config(Self.config, in: scratch)
        let firstOutput = scratch.appendingPathComponent("first")
        let (first, endpoint) = try await ChildProcess.coordinator(config: config, output: firstOutput)
        let workers = [
            try ChildProcess.handStartedWorker(
                endpoint: endpoint, id: "accuracy", flags: ["--kinds", "accuracy", "--stay"], heartbeatMs: 200, name: "stay-accuracy"),
            try ChildProcess.handStartedWorker(
                endpoint: endpoint, id: "raspi4", flags: ["--device", "raspi4", "--kinds", "latency", "--stay"], heartbeatMs: 200,
                name: "stay-raspi4"),
        ]
        defer { for worker in workers where worker.isRunning { worker.signal(SIGTERM) } }
        #expect(try await first.waitForExit() == 0, "first coordinator:\n\(first.output.joined(separator: "\n"))")
        for worker in workers {
            _ = try await worker.waitForLine(containing: "staying for the next coordinator")
            #expect(worker.isRunning, "\(worker.output)")
        }

        // The next search binds the same address; nobody starts a worker for it.
        let secondOutput = scratch.appendingPathComponent("second")
        let second = try ChildProcess(
            ["coordinator", "--config", config, "--bind", endpoint, "--output", secondOutput.path, "--quiet"], name: "coordinator-2")
        #expect(try await second.waitForExit() == 0, "second coordinator:\n\(second.output.joined(separator: "\n"))")
        for output in [firstOutput, secondOutput] {
            let result = try Scratch.result(in: output)
            #expect(result["best"] != nil, "\(output.lastPathComponent): \(result.keys.sorted())")
        }
        for worker in workers {
            // Registered with the first coordinator, then (after staying) with the second.
            let staying = try #require(worker.output.firstIndex { $0.contains("staying for the next coordinator") })
            #expect(worker.output[staying...].contains { $0.contains(" registered") }, "\(worker.output)")
            worker.signal(SIGTERM)
            #expect(try await worker.waitForExit() == 0, "\(worker.output)")
        }
    }
}
