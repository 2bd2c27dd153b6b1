import Foundation
import Testing

/// Where `hsconas coordinator` listens without `--bind`: the config's `fleet.bind` when it names one,
/// else every interface on port 5555 (it waits for other machines).
@Suite("coordinator bind")
struct CoordinatorBindTests {
    static func config(fleet: String) -> String {
        """
        name: bind
        space: nb201
        budget: 10
        population: 4
        parents: 2
        targets:
          - device: raspi4
            max_latency_ms: 20
        \(fleet)
        output: unused
        """
    }

    /// `hsconas coordinator` without `--bind` on a config with this `fleet:` section.
    static func coordinator(fleet: String, label: String) throws -> ChildProcess {
        let scratch = try Scratch.directory(label)
        let config = try Scratch.config(Self.config(fleet: fleet), in: scratch)
        return try ChildProcess(
            ["coordinator", "--config", config, "--output", scratch.appendingPathComponent("out").path, "--quiet"],
            name: "coordinator")
    }

    @Test("without --bind the coordinator binds the config's fleet.bind")
    func fleetBind() async throws {
        let coordinator = try Self.coordinator(fleet: "fleet:\n  bind: tcp://127.0.0.1:*", label: "coordinator-bind")
        let line = try await coordinator.waitForLine(containing: "coordinator listening on ")
        #expect(line.contains("tcp://127.0.0.1:"), "\(line)")
        coordinator.signal(SIGTERM)
        _ = try await coordinator.waitForExit()
    }

    @Test("without --bind or fleet.bind the coordinator binds tcp://*:5555")
    func defaultBind() async throws {
        let coordinator = try Self.coordinator(fleet: "", label: "coordinator-default-bind")
        // Port 5555 may be taken on a busy machine: then the refusal names the endpoint tried.
        let deadline = ContinuousClock.now + .seconds(60)
        while coordinator.isRunning, ContinuousClock.now < deadline,
            !coordinator.output.contains(where: { $0.contains("coordinator listening on ") })
        {
            try await Task.sleep(for: .milliseconds(20))
        }
        coordinator.signal(SIGTERM)
        _ = try await coordinator.waitForExit()
        let output = coordinator.output
        #expect(
            output.contains { $0.contains("coordinator listening on tcp://0.0.0.0:5555") }
                || output.contains { $0.contains("cannot bind coordinator to 'tcp://*:5555'") },
            "\(output)")
    }
}
