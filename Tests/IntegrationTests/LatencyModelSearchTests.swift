import Foundation
import Orchestrator
import SearchSpace
import Store
import Testing

/// Issue #4's search integration: a measured target screened on its profiled operator table.
@Suite("search with a device latency model")
struct LatencyModelSearchTests {
    @Test("the online correction moves the table's predictions toward what is measured")
    func correctionLearns() {
        let space = NB201Space()
        // A table whose sums are twice the truth plus 1 ms: the correction must undo it.
        let truthTable = [
            "a": 0.1, "b": 0.2, "c": 0.4, "d": 0.8, "e": 1.6,
        ]
        let biased = truthTable.mapValues { $0 * 2 }
        let signatures: @Sendable (Architecture) -> [String] = { architecture in
            architecture.genes.map { ["a", "b", "c", "d", "e"][$0] }
        }
        let truth: @Sendable (Architecture) -> Double = { architecture in signatures(architecture).reduce(0) { $0 + truthTable[$1]! } }
        let model = ScreeningLatencyModel(device: "d", limit: 2, band: 0.1, table: biased, space: space, signatures: signatures)
        var generator = SeededGenerator(seed: 3)
        let mask = ChoiceMask(space: space)
        let probes = (0..<50).map { _ in mask.sample(using: &generator) }
        func error() -> Double {
            probes.map { abs(model.predict($0) - truth($0)) / truth($0) }.reduce(0, +) / Double(probes.count)
        }
        let before = error()
        for _ in 0..<8 {
            let architecture = mask.sample(using: &generator)
            model.learn(architecture, measuredMs: truth(architecture))
        }
        let after = error()
        #expect(before > 0.5, "the biased table starts far off (\(before))")
        #expect(after < 1e-6, "after 8 measurements the corrected predictions match (\(after))")
        #expect(abs(model.correction.a - 0.5) < 1e-9 && abs(model.correction.b) < 1e-9)
    }

    @Test("a measured target with model: table is screened on the profile, measured near the limit, and the answer is confirmed")
    func screenedSearch() async throws {
        let scratch = try Scratch.directory("model-search")
        let profile = scratch.appendingPathComponent("profile.sqlite").path
        let profiling = try ChildProcess(
            ["profile", "--space", "nb201", "--device", "cpu_model", "--store", profile, "--min-runs", "3", "--min-seconds",
             "0.002", "--warmup", "1", "--attempts", "1", "--max-cv", "1", "--quiet"],
            name: "model-profile")
        #expect(try await profiling.waitForExit() == 0, "\(profiling.output)")

        let yaml = MeasuredSearchTests.config(budget: 12)
            .replacingOccurrences(of: "device: local_cpu", with: "device: cpu_model")
            .replacingOccurrences(
                of: "max_latency_ms: 50", with: "max_latency_ms: 20\n    model: table\n    profile: \(profile)\n    band: 0.2")
        let config = try Scratch.config(yaml, in: scratch)
        let output = scratch.appendingPathComponent("out")
        let search = try ChildProcess(["search", "--config", config, "--output", output.path, "--quiet"], name: "model-search")
        #expect(try await search.waitForExit() == 0, "\(search.output)")

        let result = try Scratch.result(in: output)
        let use = try #require((result["latency_models"] as? [String: [String: Any]])?["cpu_model"])
        let measuredCount = try #require(use["measured"] as? Int)
        #expect(measuredCount >= 10, "the calibration networks are measured")
        let best = try #require(result["best"] as? [String: Any])
        let latency = try #require((best["latency_ms"] as? [String: [String: Any]])?["cpu_model"])
        #expect(latency["source"] as? String == "measured", "the answer is confirmed by a measurement")
        #expect((latency["value"] as? Double ?? .infinity) <= 20)

        let store = try RunStore(path: try Scratch.runDirectory(in: output).appendingPathComponent("run.sqlite").path)
        let records = try store.evaluations().filter { $0.device == "cpu_model" }
        let predicted = records.filter { $0.metric == "latency_predicted_ms" }
        let measured = records.filter { $0.metric == "latency_ms" }
        #expect(predicted.allSatisfy { $0.source == .predicted && ($0.value ?? 0) > 0 })
        #expect(measured.allSatisfy { $0.source == .measured })
        // Every measured candidate has its prediction stored next to it.
        let predictedNames = Set(predicted.map(\.architecture))
        #expect(measured.allSatisfy { predictedNames.contains($0.architecture) })
        #expect(predicted.count >= measured.count)
    }
}
