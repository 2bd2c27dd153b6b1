import Benchmarks
import Fleet
import Foundation
import Testing
import TestSupport

/// Hostile traffic against a live `hsconas search` coordinator while its worker processes search
/// (the small version of `hsconas bench fuzz`, which sends 100,000).
@Suite("fuzzing a live coordinator")
struct FuzzTests {
    static func config(delayMs: Int) -> String {
        """
        name: fuzz
        space: nb201
        dataset: cifar10
        strategy: hsconas
        seed: 7
        budget: 100
        population: 20
        parents: 5
        targets:
          - device: raspi4
            max_latency_ms: 20
        fleet:
          bind: tcp://127.0.0.1:*
          heartbeat_ms: 250
          accuracy_workers: 2
          workers_per_device: 1
          simulated_delay_ms: \(delayMs)
        output: unused
        """
    }

    static func start(_ config: String, output: URL, name: String) async throws -> (ChildProcess, endpoint: String) {
        let search = try ChildProcess(
            ["search", "--config", config, "--output", output.path, "--quiet", "--log-level", "info"], name: name)
        let line = try await search.waitForLine(containing: "coordinator listening on ")
        // "coordinator listening on tcp://127.0.0.1:PORT; starting N local workers"
        return (search, String(line.split(separator: " ")[3].dropLast()))
    }

    @Test("30,000 hostile envelopes during a search: no crash, bounded memory, drops counted, same result as undisturbed")
    func fuzzedSearchMatchesUndisturbed() async throws {
        let scratch = try Scratch.directory("fuzz")
        let config = try Scratch.config(Self.config(delayMs: 30), in: scratch)
        let quietOutput = scratch.appendingPathComponent("quiet")
        let fuzzedOutput = scratch.appendingPathComponent("fuzzed")
        // Both searches run at once (same seed): one undisturbed, one under fire.
        let (quiet, _) = try await Self.start(config, output: quietOutput, name: "quiet search")
        let (fuzzed, endpoint) = try await Self.start(config, output: fuzzedOutput, name: "fuzzed search")
        let pid = fuzzed.pid
        let rssBefore = try #require(ProcessMemory.residentKilobytes(pid: pid))

        let fuzzer = FleetFuzzer(endpoint: endpoint, messages: 30_000, peers: 6, seed: 42)
        let report = try await offPool { try fuzzer.run(stop: { !fuzzed.isRunning }) }
        let rssAfter = ProcessMemory.residentKilobytes(pid: pid)

        #expect(try await fuzzed.waitForExit() == 0, "output:\n\(fuzzed.output.suffix(30).joined(separator: "\n"))")
        #expect(try await quiet.waitForExit() == 0)
        #expect(report.total == 30_000, "the search ended before the fuzzing did: \(report)")
        #expect(EnvelopeFuzzer.Kind.allCases.allSatisfy { (report.sent[$0] ?? 0) > 0 }, "\(report.sent)")
        // Memory stays bounded: tens of thousands of bad messages must not pile up.
        if let rssAfter { #expect(rssAfter < rssBefore + 100 * 1024, "RSS \(rssBefore) kB → \(rssAfter) kB") }

        let quietResult = try Scratch.result(in: quietOutput)
        let fuzzedResult = try Scratch.result(in: fuzzedOutput)
        let quietBest = try #require(quietResult["best"] as? [String: Any])
        let fuzzedBest = try #require(fuzzedResult["best"] as? [String: Any])
        #expect(fuzzedBest["architecture"] as? String == quietBest["architecture"] as? String)
        #expect(fuzzedResult["accuracy_evaluations"] as? Int == quietResult["accuracy_evaluations"] as? Int)
        #expect(fuzzedResult["failed_jobs"] as? Int == 0 || fuzzedResult["failed_jobs"] == nil)

        // The coordinator counted and logged what it dropped.
        let summary = try #require(fuzzed.output.first { $0.contains("coordinator stopping") })
        let dropped = summary.split(separator: " ").first { $0.hasPrefix("dropped_total=") }
            .flatMap { Int($0.dropFirst("dropped_total=".count)) } ?? 0
        #expect(dropped > 10_000, "\(summary)")
        #expect(fuzzed.output.contains { $0.contains("dropped a malformed message") })
        #expect(!fuzzed.output.contains { $0.contains("Fatal error") || $0.contains("Segmentation") })
    }
}
