import Foundation
import Search
import SearchSpace
import Testing

@Suite("additive latency model")
struct AdditiveLatencyModelTests {
    @Test("recovers an additive device from samples and survives a JSON round trip")
    func fits() throws {
        var model = AdditiveLatencyModel(choiceCounts: Array(repeating: 5, count: 6), ridge: 1e-6)
        #expect(model.predict(Architecture(genes: [0, 0, 0, 0, 0, 0])) == nil)
        var generator = SeededGenerator(seed: 1)
        let mask = ChoiceMask(space: NB201Space())
        for _ in 0..<200 {
            let architecture = mask.sample(using: &generator)
            model.add(architecture, latencyMs: SearchFixture.latency(architecture))
        }
        model.refit()
        for _ in 0..<50 {
            let architecture = mask.sample(using: &generator)
            #expect(abs((model.predict(architecture) ?? 0) - SearchFixture.latency(architecture)) < 1e-3)
        }
        let restored = try JSONDecoder().decode(AdditiveLatencyModel.self, from: try JSONEncoder().encode(model))
        #expect(restored == model)
        #expect(model.predict(Architecture(genes: [0, 1])) == nil)
        #expect(model.predict(Architecture(genes: [0, 0, 0, 0, 0, 9])) == nil)
    }
}
