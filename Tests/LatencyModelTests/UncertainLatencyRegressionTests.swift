import Foundation
import LatencyModel
import SearchSpace
import Testing

@Suite("latency regression with an uncertainty per prediction")
struct UncertainLatencyRegressionTests {
    /// A latency that is exactly multiplicative per position: log latency is additive.
    static func multiplicative(_ architecture: Architecture) -> Double {
        architecture.genes.enumerated().reduce(2.0) { latency, entry in latency * (1 + 0.1 * Double(entry.element) + 0.02 * Double(entry.offset)) }
    }

    @Test("learns a multiplicative latency; the interval narrows with data and covers the truth")
    func learnsAndNarrows() {
        let space = NB201Space()
        let truth = SyntheticLatency(choiceCounts: space.positions.map(\.choices.count), seed: 3)
        let architectures = truth.architectures(260, seed: 5)
        var model = UncertainLatencyRegression(choiceCounts: space.positions.map(\.choices.count))
        #expect(model.predict(architectures[0]) == nil, "nothing to predict from before the first measurement")
        for architecture in architectures.prefix(10) { model.learn(architecture, latencyMs: Self.multiplicative(architecture)) }
        let early = architectures.suffix(200).map { model.predict($0)!.logSD }.reduce(0, +) / 200
        for architecture in architectures.dropFirst(10).prefix(50) { model.learn(architecture, latencyMs: Self.multiplicative(architecture)) }
        #expect(model.samples == 60)
        var covered = 0
        var late = 0.0
        for architecture in architectures.suffix(200) {
            let prediction = model.predict(architecture)!
            let truth = Self.multiplicative(architecture)
            #expect(abs(prediction.medianMs / truth - 1) < 0.05, "\(prediction.medianMs) vs \(truth)")
            if prediction.interval(z: 2).contains(truth) { covered += 1 }
            late += prediction.logSD / 200
        }
        #expect(late < early / 2, "the interval narrows as measurements accumulate (\(early) → \(late))")
        #expect(covered >= 190, "the ±2σ interval covers the truth for \(covered) of 200")
    }

    @Test("noisy measurements widen the interval; bad input is ignored")
    func noiseWidens() {
        let space = NB201Space()
        let counts = space.positions.map(\.choices.count)
        let architectures = SyntheticLatency(choiceCounts: counts, seed: 4).architectures(80, seed: 9)
        var clean = UncertainLatencyRegression(choiceCounts: counts)
        var noisy = UncertainLatencyRegression(choiceCounts: counts)
        for (index, architecture) in architectures.prefix(60).enumerated() {
            clean.learn(architecture, latencyMs: Self.multiplicative(architecture))
            // A board that is 1.6× slower every other measurement (a busy neighbour).
            noisy.learn(architecture, latencyMs: Self.multiplicative(architecture) * (index % 2 == 0 ? 1 : 1.6))
        }
        let probe = architectures[70]
        #expect(noisy.predict(probe)!.logSD > 3 * clean.predict(probe)!.logSD)
        noisy.learn(probe, latencyMs: -1)
        noisy.learn(probe, latencyMs: .nan)
        noisy.learn(Architecture(genes: [9, 9, 9, 9, 9, 9]), latencyMs: 3)
        #expect(noisy.samples == 60)
        #expect(noisy.predict(Architecture(genes: [0])) == nil)
    }

    /// A latency spanning a range like real networks' (about 8× between the extremes).
    static func spread(_ architecture: Architecture) -> Double { Foundation.pow(multiplicative(architecture), 3) }

    @Test("a new device learns from the fleet: twice a known device's latency is found from 5 samples, on the right reference")
    func transferFindsTheReference() {
        let space = NB201Space()
        let counts = space.positions.map(\.choices.count)
        let architectures = SyntheticLatency(choiceCounts: counts, seed: 6).architectures(120, seed: 2)
        // Three known devices: one multiplicative, one unrelated, one constant.
        let known: @Sendable (Architecture) -> [Double]? = { architecture in
            guard architecture.genes.count == 6 else { return nil }
            return [Double(architecture.genes[5] + 1), UncertainLatencyRegressionTests.spread(architecture), 4]
        }
        var model = FleetTransferRegression(referenceLatencies: known, references: 1)
        #expect(model.predict(architectures[0]) == nil)
        for architecture in architectures.prefix(5) { model.learn(architecture, latencyMs: 2 * Self.spread(architecture)) }
        #expect(model.chosen == [1], "the correlated device is chosen: \(model.chosen)")
        for architecture in architectures.suffix(100) {
            let prediction = model.predict(architecture)!
            #expect(abs(prediction.medianMs / (2 * Self.spread(architecture)) - 1) < 0.01)
            #expect(prediction.interval(z: 2).contains(2 * Self.spread(architecture)))
        }
        #expect(model.predict(Architecture(genes: [1])) == nil, "a network the table lacks")
    }
}
