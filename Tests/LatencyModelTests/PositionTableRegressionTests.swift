import Foundation
import LatencyModel
import SearchSpace
import Testing

@Suite("per-position table by least squares")
struct PositionTableRegressionTests {
    @Test(
        "recovers an exactly additive latency exactly",
        arguments: [(FBNetSpace() as any SearchSpace, 400), (NB201Space(), 60), (SPOSSpace(), 300)])
    func recoversAdditive(space: any SearchSpace, count: Int) throws {
        let truth = SyntheticLatency(choiceCounts: space.positions.map(\.choices.count), seed: 7)
        let architectures = truth.architectures(count + 200, seed: 1)
        var model = PositionTableRegression(space: space)
        try model.fit(truth.samples(Array(architectures.prefix(count)), truth.additive))
        #expect(!model.underdetermined)
        for architecture in architectures.suffix(200) {
            #expect(abs(model.predict(architecture) - truth.additive(architecture)) < 1e-6)
        }
        // The differences between choices of a position are determined by the data; they match.
        for (offset, choices) in zip(truth.layout.offsets, truth.layout.choiceCounts) {
            for choice in 1..<choices {
                let fitted = model.costs[offset + choice] - model.costs[offset]
                let expected = truth.costs[offset + choice] - truth.costs[offset]
                #expect(abs(fitted - expected) < 1e-6)
            }
        }
        let score = model.score(truth.samples(Array(architectures.suffix(200)), truth.additive))
        #expect(score.within10 == 1 && score.rmse < 1e-6 && score.kendallTau > 0.999)
    }

    @Test("fewer networks than costs: a finite, shrunk fit that still ranks")
    func underdetermined() throws {
        let space = FBNetSpace()
        let truth = SyntheticLatency(choiceCounts: space.positions.map(\.choices.count), seed: 3)
        let architectures = truth.architectures(1_050, seed: 2)
        var model = PositionTableRegression(space: space)
        try model.fit(truth.samples(Array(architectures.prefix(50)), truth.additive))
        #expect(model.underdetermined)
        #expect(model.costs.allSatisfy { $0.isFinite })
        let score = model.score(truth.samples(Array(architectures.suffix(1_000)), truth.additive))
        #expect(score.kendallTau > 0.3)
    }

    @Test("one network is enough for a constant; a choice never seen costs the position's average")
    func degenerate() throws {
        var model = PositionTableRegression(layout: OneHotLayout(choiceCounts: [3, 3]))
        try model.fit([LatencySample(architecture: Architecture(genes: [0, 0]), latencyMs: 5)])
        #expect(abs(model.predict(Architecture(genes: [0, 0])) - 5) < 1e-3)
        #expect(abs(model.predict(Architecture(genes: [2, 1])) - 5) < 1)
    }

    @Test("rejects genomes of another space and non-positive latencies, naming the sample")
    func rejectsBadSamples() {
        var model = PositionTableRegression(space: NB201Space())
        #expect {
            try model.fit([LatencySample(architecture: Architecture(genes: [0, 1, 2]), latencyMs: 3)])
        } throws: { error in
            (error as? LatencyModelError)?.message.contains("sample 1 (0-1-2)") == true
        }
        let good = Architecture(genes: [0, 1, 2, 3, 4, 0])
        #expect {
            try model.fit([LatencySample(architecture: good, latencyMs: 3), LatencySample(architecture: good, latencyMs: -1)])
        } throws: { error in
            (error as? LatencyModelError)?.message.contains("sample 2") == true
        }
        #expect(throws: LatencyModelError.self) { try model.fit([]) }
        #expect(model.predict(Architecture(genes: [0, 9, 0, 0, 0, 0])).isNaN)
    }

    @Test("a fitted table survives a JSON round trip as a stored model")
    func storedRoundTrip() throws {
        let space = NB201Space()
        let truth = SyntheticLatency(choiceCounts: space.positions.map(\.choices.count), seed: 5)
        var model = PositionTableRegression(space: space)
        let architectures = truth.architectures(80, seed: 9)
        try model.fit(truth.samples(architectures, truth.additive))
        let data = try JSONEncoder().encode(StoredLatencyModel.regression(model))
        let restored = try JSONDecoder().decode(StoredLatencyModel.self, from: data).predictor()
        for architecture in architectures.prefix(10) {
            #expect(restored.predict(architecture) == model.predict(architecture))
        }
    }
}
