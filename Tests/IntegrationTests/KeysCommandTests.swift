import Foundation
import Testing
import ZeroMQ

/// `hsconas keys generate`.
@Suite("CURVE key files")
struct KeysCommandTests {
    @Test("generate writes a matching pair, the secret owner-only, and never overwrites")
    func generate() async throws {
        let scratch = try Scratch.directory("keys")
        let run = try ChildProcess(["keys", "generate", "--name", "coordinator", "--out", scratch.path], name: "keys")
        #expect(try await run.waitForExit() == 0, "\(run.output)")
        let publicKey = try String(contentsOf: scratch.appendingPathComponent("coordinator.pub"), encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines)
        let secretText = try String(contentsOf: scratch.appendingPathComponent("coordinator.key"), encoding: .utf8)
        let secretKey = try #require(
            secretText.split(separator: "\n").first { $0.hasPrefix("secret-key = ") }.map { String($0.dropFirst("secret-key = ".count)) })
        #expect(publicKey.count == 40 && secretKey.count == 40)
        #expect(try ZMQKeyPair.publicKey(fromSecret: secretKey) == publicKey, "the two files are one pair")
        let attributes = try FileManager.default.attributesOfItem(atPath: scratch.appendingPathComponent("coordinator.key").path)
        #expect((attributes[.posixPermissions] as? Int).map { $0 & 0o077 } == 0, "the secret key is readable by its owner only")

        let again = try ChildProcess(["keys", "generate", "--name", "coordinator", "--out", scratch.path], name: "keys-again")
        #expect(try await again.waitForExit() != 0)
        #expect(again.output.contains { $0.contains("already exists") })
        let unchanged = try String(contentsOf: scratch.appendingPathComponent("coordinator.pub"), encoding: .utf8)
        #expect(unchanged.trimmingCharacters(in: .whitespacesAndNewlines) == publicKey)
    }
}
