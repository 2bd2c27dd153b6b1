import Orchestrator
import SearchSpace
import Testing

/// The search's hardware model keeps a sensible correction when noisy measurements would fit a
/// non-positive scale.
@Suite("screening model guard")
struct ScreeningModelGuardTests {
    @Test("measurements that fall as the table sum rises do not turn the correction negative")
    func negativeScaleRefused() {
        let table = ["a": 1.0, "b": 2.0]
        let signatures: @Sendable (Architecture) -> [String] = { architecture in
            architecture.genes.map { $0 == 0 ? "a" : "b" }
        }
        let model = ScreeningLatencyModel(
            device: "d", limit: 10, band: 0.1, table: table, space: NB201Space(), signatures: signatures)
        let small = Architecture(genes: [0, 0, 0, 0, 0, 0])  // sum 6
        let large = Architecture(genes: [1, 1, 1, 1, 1, 1])  // sum 12
        model.learn(small, measuredMs: 12)
        model.learn(large, measuredMs: 6)  // noise: the larger network measured faster
        #expect(model.correction.a > 0, "a = \(model.correction.a)")
        #expect(model.predict(large) > model.predict(small))
        // Consistent measurements are still fitted.
        model.learn(small, measuredMs: 12)
        model.learn(large, measuredMs: 24)
        model.learn(large, measuredMs: 24)
        model.learn(small, measuredMs: 12)
        #expect(model.correction.a > 0 && model.predict(large) > model.predict(small))
    }

    @Test("candidates with nearly the same table sum (as channel scaling makes them) fit the scale alone")
    func scaleOnly() {
        let table = ["a": 1.0, "b": 1.05]
        let signatures: @Sendable (Architecture) -> [String] = { architecture in
            architecture.genes.map { $0 == 0 ? "a" : "b" }
        }
        let model = ScreeningLatencyModel(
            device: "d", limit: 10, band: 0.1, table: table, space: NB201Space(), signatures: signatures)
        let first = Architecture(genes: [0, 0, 0, 0, 0, 0])  // sum 6
        let second = Architecture(genes: [1, 0, 0, 0, 0, 0])  // sum 6.05
        // A machine three times slower than when the table was profiled, with noise.
        model.learn(first, measuredMs: 18.6)
        #expect(abs(model.predict(first) - 18.6) < 1e-9, "one measurement sets the scale")
        model.learn(second, measuredMs: 17.8)
        #expect(model.correction.b == 0)
        #expect(abs(model.correction.a - (18.6 / 6 + 17.8 / 6.05) / 2) < 1e-9, "a = \(model.correction.a)")
        // A measurement during a load spike does not move the scale much: it is the median ratio.
        model.learn(first, measuredMs: 60)
        #expect(abs(model.correction.a - 18.6 / 6) < 1e-9, "a = \(model.correction.a)")
        let widest = Architecture(genes: [1, 1, 1, 1, 1, 1])
        #expect(abs(model.predict(widest) - 6.3 * model.correction.a) < 1e-9)
    }

    @Test("a fitted negative offset never predicts a latency ≤ 0: small networks get the scale-only prediction")
    func negativeOffsetFloored() throws {
        let table = ["a": 0.5, "b": 1.0, "c": 3.0]
        let signatures: @Sendable (Architecture) -> [String] = { architecture in
            architecture.genes.map { ["a", "b", "c"][min($0, 2)] }
        }
        let model = ScreeningLatencyModel(
            device: "d", limit: 10, band: 0.1, table: table, space: NB201Space(), signatures: signatures)
        model.learn(Architecture(genes: [1, 1, 1, 1, 1, 1]), measuredMs: 1)  // sum 6
        model.learn(Architecture(genes: [2, 2, 2, 2, 2, 2]), measuredMs: 25)  // sum 18
        // Least squares: a = 2, b = -11, so the all-"a" network (sum 3) would be 2 · 3 - 11 = -5 ms.
        #expect(abs(model.correction.a - 2) < 1e-9 && abs(model.correction.b + 11) < 1e-9)
        let smallest = Architecture(genes: [0, 0, 0, 0, 0, 0])
        let medianScale = (1.0 / 6 + 25.0 / 18) / 2
        #expect(abs(model.predict(smallest) - 3 * medianScale) < 1e-9, "\(model.predict(smallest))")
        // The strategy's snapshot (channel scaling) predicts the same.
        let snapshot = LatencyModelSnapshot(models: ["d": model.current])
        let predicted = try #require(snapshot.predictedLatencyMs(of: smallest, device: "d"))
        #expect(abs(predicted - model.predict(smallest)) < 1e-12)
        // Networks the fit covers keep the least-squares prediction.
        #expect(abs(model.predict(Architecture(genes: [2, 2, 2, 2, 2, 2])) - 25) < 1e-9)
    }
}
