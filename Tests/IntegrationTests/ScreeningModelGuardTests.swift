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
}
