import Foundation
import Orchestrator
import SearchSpace
import Store
import Testing

/// Issue 6 end to end: an HSCoNAS search on spos from a config — a real coordinator, a native
/// worker measuring this CPU and a NASWOT proxy worker as separate processes — that profiles the
/// device's operator table through the fleet, scales channels on it, and returns an answer that
/// holds on a real measurement.
@Suite("spos search end to end")
struct SPOSSearchTests {
    /// The limit is the median of the device's own latency over a seeded sample, measured by the
    /// same worker at the start of the run: a target measured apart (another process, another
    /// moment of a loaded machine) once came out 1.5× off the search's own figures, and nothing
    /// fitted under it.
    static func config() -> String {
        """
        name: spos-e2e
        space: spos
        strategy: hsconas
        seed: 2
        budget: 6
        population: 4
        parents: 2
        targets:
          - device: e2e_cpu
            runtime: native
            max_latency: p50
            limit_sample: 8
        accuracy_settings:
          proxy_batch: "2"
        fleet:
          bind: tcp://127.0.0.1:*
          heartbeat_ms: 500
          accuracy_workers: 1
          measurement:
            warmup_runs: 0
            min_runs: 3
            min_seconds: 0.001
            max_cv: 1
            attempts: 1
        output: unused
        """
    }

    @Test("profiles the table, scales channels, scores by proxy and returns an answer feasible on a real measurement")
    func search() async throws {
        let scratch = try Scratch.directory("spos-e2e")
        let config = try Scratch.config(Self.config(), in: scratch)
        let output = scratch.appendingPathComponent("out")
        let search = try ChildProcess(["search", "--config", config, "--output", output.path], name: "spos-e2e")
        let status = try await search.waitForExit(idle: .seconds(300))
        let printed = search.output.joined(separator: "\n")
        #expect(status == 0, "\(printed)")

        // The answer: scored by the proxy (and called a proxy score), its latency measured for real.
        let run = try #require(
            try FileManager.default.contentsOfDirectory(at: output, includingPropertiesForKeys: nil)
                .first { $0.lastPathComponent.hasPrefix("spos-e2e-") })
        let data = try Data(contentsOf: run.appendingPathComponent("result.json"))
        let result = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(result["space"] as? String == "spos")
        #expect(result["dataset"] == nil && result["optimum"] == nil)
        let targets = try #require(result["targets"] as? [[String: Any]])
        let target = try #require(targets.first?["max_latency_ms"] as? Double, "no resolved limit: \(targets)")
        #expect(target > 0 && targets.first?["max_latency"] as? String == "p50")
        let best = try #require(result["best"] as? [String: Any], "no feasible answer: \(printed)")
        #expect(best["proxy_score"] is Double)
        #expect(best["valid_accuracy"] == nil, "a proxy score is never reported as an accuracy")
        #expect(best["accuracy_source"] as? String == "proxy")
        let latency = try #require((best["latency_ms"] as? [String: [String: Any]])?["e2e_cpu"])
        #expect(latency["source"] as? String == "measured")
        #expect((latency["value"] as? Double ?? .infinity) <= target, "the answer holds on its measurement")
        #expect(printed.contains("proxy score") && !printed.contains("valid accuracy"))

        // Dynamic channel scaling and the hardware model at work, logged.
        let scaling = try #require(result["channel_scaling"] as? [String: Any])
        let scaled = try #require(scaling["count"] as? Int)
        #expect(scaled >= 1)
        let examples = try #require(scaling["examples"] as? [[String: Any]])
        for example in examples {
            let predicted = try #require((example["predicted_ms"] as? [String: Double])?["e2e_cpu"])
            #expect(predicted <= target * (1 + 1e-9), "a widened candidate stays within the target on the model")
            #expect((example["ratios_after"] as? [Double])?.count == SPOSSpace.layerCount)
        }
        let logData = try Data(contentsOf: run.appendingPathComponent("search-log.json"))
        let log = try #require(try JSONSerialization.jsonObject(with: logData) as? [String: Any])
        #expect((log["channel_scaling"] as? [Any])?.count == scaled)
        let sizes = try #require(log["space_size"] as? [[String: Any]])
        #expect((sizes.first?["size"] as? Double).map { abs($0 - SPOSSpace().size) / SPOSSpace().size < 1e-9 } == true)
        let model = try #require((result["latency_models"] as? [String: [String: Any]])?["e2e_cpu"])
        #expect((model["measured"] as? Int ?? 0) >= 1)
        // The operator table decides by its own prediction interval (no band unless the target sets one).
        #expect(model["kind"] as? String == "table" && model["band"] == nil && model["confidence"] as? Double == 2)
        #expect(printed.contains("σ interval holds the limit, σ = "), "\(printed)")

        // The operator table was profiled through the fleet into <output>/profiles.sqlite, whole, for reuse.
        let profiles = try RunStore(path: output.appendingPathComponent("profiles.sqlite").path)
        let (missing, catalog) = try OperatorProfiler.missing(space: SPOSSpace(), device: "e2e_cpu", store: profiles)
        #expect(missing.isEmpty && catalog > 300, "\(missing.count) of \(catalog) operators missing")

        // Every figure is in the run's store under its own name and source.
        let store = try RunStore(path: run.appendingPathComponent("run.sqlite").path)
        let records = try store.evaluations()
        #expect(records.contains { $0.metric == "proxy_score" && $0.source == .proxy })
        #expect(!records.contains { $0.metric == "valid_accuracy" && $0.value != nil })
        #expect(records.filter { $0.metric == "latency_ms" && $0.value != nil }.allSatisfy { $0.source == .measured })
        // The report reads the scaling decisions from the store: all of them, as in search-log.json.
        let contents = try StoreInspection.contents(at: run.appendingPathComponent("run.sqlite").path)
        #expect(contents.channelScaling?.count == scaled)
        #expect(contents.channelScaling?.allSatisfy { $0.ratiosAfter.count == SPOSSpace.layerCount } == true)
    }
}
