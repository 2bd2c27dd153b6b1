import Foundation
import Store
import Testing

/// The protocol is language-neutral: a worker written in Python from Docs/protocol.md alone
/// serves a real coordinator process.
@Suite("python worker")
struct PythonWorkerTests {
    static var repository: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    @Test("a pyzmq worker answers a real coordinator's latency and accuracy jobs")
    func pythonWorkerJoinsSearch() async throws {
        let scratch = try Scratch.directory("python")
        let config = try Scratch.config(
            """
            name: python
            seed: 3
            budget: 40
            population: 10
            parents: 3
            targets:
              - device: raspi4
                max_latency_ms: 20
            fleet:
              heartbeat_ms: 500
            """, in: scratch)
        let output = scratch.appendingPathComponent("out")
        let (coordinator, endpoint) = try await ChildProcess.coordinator(config: config, output: output)
        let python = Process()
        python.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        python.arguments = [
            "python3", Self.repository.appendingPathComponent("Cluster/python_worker.py").path,
            "--coordinator", endpoint, "--device", "raspi4", "--id", "python-raspi4",
        ]
        try python.run()
        defer { if python.isRunning { python.terminate() } }

        #expect(try await coordinator.waitForExit() == 0, "\(coordinator.output.joined(separator: "\n"))")
        let store = try RunStore(path: try Scratch.runDirectory(in: output).appendingPathComponent("run.sqlite").path)
        let records = try store.evaluations()
        #expect(records.filter { $0.metric == "valid_accuracy" }.count == 40)
        #expect(!records.isEmpty && records.allSatisfy { $0.worker == "python-raspi4" && $0.value != nil })
        #expect(records.filter { $0.metric == "latency_ms" }.allSatisfy { $0.source == .replay && $0.device == "raspi4" })
        // The coordinator's final bye makes the Python worker exit on its own.
        let deadline = ContinuousClock.now + .seconds(10)
        while python.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(20)) }
        #expect(!python.isRunning)
    }
}
