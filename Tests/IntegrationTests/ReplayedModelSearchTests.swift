import Foundation
import Store
import TestSupport
import Testing

/// A replayed benchmark device given `model: regression` costs what a real one would with a
/// latency model: it learns the device from the table's other devices (never its own column),
/// decides the clear candidates on it, stores them as predicted, and the answer still holds on
/// the table. The same search without the model looks every candidate up.
@Suite("replayed device with a latency model")
struct ReplayedModelSearchTests {
    static func config(model: String, decide: String = "interval", confirmTop: Int? = nil) -> String {
        """
        name: replay-model
        space: nb201
        dataset: cifar10
        strategy: hsconas
        seed: 11
        budget: 60
        population: 20
        parents: 5
        \(confirmTop.map { "confirm_top: \($0)\n" } ?? "")targets:
          - device: raspi4
            max_latency_ms: 20
            model: \(model)
            decide: \(decide)
        fleet:
          bind: tcp://127.0.0.1:*
          heartbeat_ms: 200
          accuracy_workers: 1
          workers_per_device: 1
        output: unused
        """
    }

    /// Runs the search and returns result.json and the run's store.
    static func search(
        model: String, decide: String = "interval", confirmTop: Int? = nil
    ) async throws -> (result: [String: Any], store: RunStore) {
        let scratch = try Scratch.directory("replay-model-\(model)-\(decide)-\(confirmTop ?? 0)")
        let output = scratch.appendingPathComponent("out")
        let config = try Scratch.config(Self.config(model: model, decide: decide, confirmTop: confirmTop), in: scratch)
        let search = try ChildProcess(
            ["search", "--config", config, "--output", output.path, "--quiet"], name: "replay-\(model)-\(decide)")
        let status = try await search.waitForExit()
        guard status == 0 else { throw TestFailure("search exited \(status):\n\(search.output.joined(separator: "\n"))") }
        let store = try RunStore(path: try Scratch.runDirectory(in: output).appendingPathComponent("run.sqlite").path)
        return (try Scratch.result(in: output), store)
    }

    @Test("model: regression on a replayed device decides clear candidates on the fleet's other devices; the answer holds on the table")
    func replayedRegression() async throws {
        let (result, store) = try await Self.search(model: "regression")
        let best = try #require(result["best"] as? [String: Any])
        let latency = try #require((best["latency_ms"] as? [String: [String: Any]])?["raspi4"])
        #expect(latency["source"] as? String == "replay", "the answer is confirmed on the table")
        #expect((latency["value"] as? Double ?? .infinity) <= 20)

        let model = try #require((result["latency_models"] as? [String: [String: Any]])?["raspi4"])
        #expect(model["kind"] as? String == "transfer", "\(model)")
        let references = try #require(model["references"] as? [String])
        #expect(references.count == 3 && !references.contains("raspi4"), "learns from the other devices: \(references)")
        let screened = try #require(model["screened"] as? Int)
        #expect(screened > 0, "\(model)")

        // What was decided on the model is stored as predicted, never as a table figure.
        let records = try store.evaluations().filter { $0.device == "raspi4" }
        let looked = Set(records.filter { $0.metric == "latency_ms" }.map(\.architecture))
        let predicted = Set(records.filter { $0.metric == "latency_predicted_ms" }.map(\.architecture))
        #expect(records.filter { $0.metric == "latency_ms" }.allSatisfy { $0.source == .replay })
        #expect(predicted.subtracting(looked).count == screened, "every decided candidate has a prediction and no look-up")
        let cost = try #require((result["device_cost"] as? [String: [String: Any]])?["raspi4"])
        #expect(cost["measurements"] as? Int == looked.count && cost["decided_on_model"] as? Int == screened, "\(cost)")

        // The same search looking every candidate up pays more of the device's time.
        let (reference, _) = try await Self.search(model: "none")
        let referenceCost = try #require((reference["device_cost"] as? [String: [String: Any]])?["raspi4"])
        let all = try #require(referenceCost["measurements"] as? Int)
        #expect(looked.count < all, "with the model \(looked.count) look-ups, without \(all)")
    }
}
