import Foundation
import Testing

/// `hsconas search` / `coordinator` / `worker` with CURVE, as a user runs them: keys from
/// `hsconas keys generate`, an allow-list folder, and a config's `fleet.security`.
@Suite("encrypted search end to end")
struct SecureSearchTests {
    static func keys(_ names: [String], in folder: URL) async throws {
        for name in names {
            let run = try ChildProcess(["keys", "generate", "--name", name, "--out", folder.path], name: "keys \(name)")
            #expect(try await run.waitForExit() == 0, "\(run.output)")
        }
    }

    static func config(security: String) -> String {
        """
        name: secure
        space: nb201
        dataset: cifar10
        strategy: hsconas
        seed: 7
        budget: 40
        population: 20
        parents: 5
        targets:
          - device: raspi4
            max_latency_ms: 20
        fleet:
          bind: tcp://127.0.0.1:*
          heartbeat_ms: 200
          accuracy_workers: 1
          workers_per_device: 1
        \(security)
        output: unused
        """
    }

    @Test("a search whose config carries fleet.security runs its local workers over CURVE to the end")
    func encryptedSearch() async throws {
        let scratch = try Scratch.directory("secure")
        let keys = scratch.appendingPathComponent("keys")
        let allowed = scratch.appendingPathComponent("allowed")
        try FileManager.default.createDirectory(at: allowed, withIntermediateDirectories: true)
        try await Self.keys(["coordinator", "local", "stranger"], in: keys)
        try FileManager.default.copyItem(at: keys.appendingPathComponent("local.pub"), to: allowed.appendingPathComponent("local.pub"))
        let security = """
              security:
                secret_key: \(keys.appendingPathComponent("coordinator.key").path)
                allowed_keys: \(allowed.path)
                worker_key: \(keys.appendingPathComponent("local.key").path)
            """
        let config = try Scratch.config(Self.config(security: security), in: scratch)
        let output = scratch.appendingPathComponent("out")
        let search = try ChildProcess(
            ["search", "--config", config, "--output", output.path, "--quiet", "--log-level", "info"], name: "search")
        #expect(try await search.waitForExit() == 0, "\(search.output.joined(separator: "\n"))")
        #expect(search.output.contains { $0.contains("admitted a worker key") && $0.contains("local.pub") })
        #expect(try Scratch.result(in: output)["accuracy_evaluations"] as? Int == 40)

        // A local worker key the coordinator would refuse is a config error naming the field.
        let strangerConfig = try Scratch.config(
            Self.config(security: security.replacingOccurrences(of: "local.key", with: "stranger.key")), in: scratch)
        let refused = try ChildProcess(["search", "--config", strangerConfig, "--output", output.path], name: "refused")
        #expect(try await refused.waitForExit() != 0)
        #expect(refused.output.contains { $0.contains("fleet.security.worker_key") && $0.contains("stranger.key") })
    }

    @Test("hsconas coordinator with CURVE refuses and logs a worker whose key is not allowed; bad flags name the file")
    func coordinatorRefusesStranger() async throws {
        let scratch = try Scratch.directory("secure-coord")
        let keys = scratch.appendingPathComponent("keys")
        let allowed = scratch.appendingPathComponent("allowed")
        try FileManager.default.createDirectory(at: allowed, withIntermediateDirectories: true)
        try await Self.keys(["coordinator", "friend", "stranger"], in: keys)
        try FileManager.default.copyItem(at: keys.appendingPathComponent("friend.pub"), to: allowed.appendingPathComponent("friend.pub"))
        let config = try Scratch.config(Self.config(security: ""), in: scratch)
        let coordinator = try ChildProcess(
            ["coordinator", "--config", config, "--bind", "tcp://127.0.0.1:*", "--output", scratch.appendingPathComponent("out").path,
             "--quiet", "--curve-secret-key", keys.appendingPathComponent("coordinator.key").path, "--allow-keys", allowed.path],
            name: "coordinator")
        let line = try await coordinator.waitForLine(containing: "coordinator listening on ")
        let endpoint = String(line.split(separator: " ")[3].dropLast())
        let stranger = try ChildProcess(
            ["worker", "--coordinator", endpoint, "--kinds", "accuracy", "--id", "stranger",
             "--curve-key", keys.appendingPathComponent("stranger.key").path,
             "--coordinator-key", keys.appendingPathComponent("coordinator.pub").path], name: "stranger")
        let publicKey = try String(contentsOf: keys.appendingPathComponent("stranger.pub"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let refusal = try await coordinator.waitForLine(containing: "not on the allow-list")
        #expect(refusal.contains(publicKey))
        _ = try await stranger.waitForLine(containing: "refused the connection")
        #expect(!stranger.output.contains { $0.contains("registered") })
        stranger.signal(SIGTERM)
        _ = try await stranger.waitForExit()
        coordinator.signal(SIGKILL)
        _ = try? await coordinator.waitForExit()

        let missing = try ChildProcess(
            ["coordinator", "--config", config, "--curve-secret-key", scratch.appendingPathComponent("nope.key").path,
             "--allow-keys", allowed.path], name: "missing key")
        #expect(try await missing.waitForExit() != 0)
        #expect(missing.output.contains { $0.contains("nope.key does not exist") })
        let half = try ChildProcess(["worker", "--coordinator", endpoint, "--curve-key", "x.key"], name: "half")
        #expect(try await half.waitForExit() != 0)
        #expect(half.output.contains { $0.contains("--curve-key and --coordinator-key go together") })
    }
}
