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
}
