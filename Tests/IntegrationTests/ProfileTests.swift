import Foundation
import Store
import Testing

/// `hsconas profile` with a real measuring worker process: a complete operator table, resumed
/// after the coordinator is killed, exported and imported.
@Suite("operator profiling")
struct ProfileTests {
    static func profile(_ store: String, minSeconds: Double = 0.002, extra: [String] = []) throws -> ChildProcess {
        try ChildProcess(
            ["profile", "--space", "nb201", "--device", "cpu_test", "--store", store, "--min-runs", "3", "--min-seconds", "\(minSeconds)",
             "--warmup", "1", "--attempts", "1", "--max-cv", "1"] + extra,
            name: "profile")
    }

    @Test("a profile killed midway resumes with only the missing operators, and ends complete")
    func resumesAfterKill() async throws {
        let scratch = try Scratch.directory("profile")
        let path = scratch.appendingPathComponent("profile.sqlite").path
        // A quarter of a second per operator keeps the first run going for ~10 s after its first
        // stored operators, long enough to be killed midway however fast the engine measures.
        let first = try Self.profile(path, minSeconds: 0.25)
        // Kill the coordinator (and so its worker) once a few operators are stored.
        let deadline = ContinuousClock.now + .seconds(120)
        var stored = 0
        while ContinuousClock.now < deadline, first.isRunning {
            stored = (try? RunStore(path: path).profiles(space: "nb201", device: "cpu_test").count) ?? 0
            if stored >= 3 { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        try #require(first.isRunning, "the first profile finished before it could be killed: \(first.output)")
        first.signal(SIGKILL)
        _ = try await first.waitForExit()
        let before = try RunStore(path: path).profiles(space: "nb201", device: "cpu_test")
        #expect(before.count >= 3)

        let second = try Self.profile(path)
        #expect(try await second.waitForExit() == 0, "\(second.output)")
        let summary = try #require(second.output.first { $0.contains("operators for cpu_test") })
        #expect(summary.contains("\(before.count) already stored"), "\(summary)")
        let after = try RunStore(path: path).profiles(space: "nb201", device: "cpu_test")
        #expect(summary.hasPrefix("\(after.count) nb201 operators"), "every operator of the catalog is stored: \(summary)")
        #expect(Set(after.map(\.signature)).count == after.count)
        // What was stored before the kill was kept, not measured again.
        for record in before {
            #expect(after.first { $0.signature == record.signature }?.measuredAt == record.measuredAt)
        }
        for record in after {
            #expect(record.latencyMs > 0 && record.worker == "cpu_test-1")
            #expect(record.environment?.contains("\"runtime\":\"native\"") == true)
        }

        // Export, then import into an empty store: the same table.
        let exported = scratch.appendingPathComponent("table.json").path
        let export = try Self.profile(path, extra: ["--export", exported])
        #expect(try await export.waitForExit() == 0, "\(export.output)")
        let copy = scratch.appendingPathComponent("copy.sqlite").path
        let load = try Self.profile(copy, extra: ["--import", exported])
        #expect(try await load.waitForExit() == 0, "\(load.output)")
        let imported = try RunStore(path: copy).profiles(space: "nb201", device: "cpu_test")
        #expect(Dictionary(uniqueKeysWithValues: imported.map { ($0.signature, $0.latencyMs) })
            == Dictionary(uniqueKeysWithValues: after.map { ($0.signature, $0.latencyMs) }))

        // A broken table file is refused, naming the file.
        let broken = scratch.appendingPathComponent("broken.json")
        try Data(#"{"format":"hsconas-operator-table-1","space":"nb201","device":"x","entries":[{"signature":"s","latency_ms":-1,"worker":"w","measured_at":"2026-11-21T00:00:00Z"}]}"#.utf8).write(to: broken)
        let refuse = try Self.profile(copy, extra: ["--import", broken.path])
        #expect(try await refuse.waitForExit() != 0)
        #expect(refuse.output.contains { $0.contains("broken.json") && $0.contains("latency_ms") }, "\(refuse.output)")
    }
}
