import LatencyModel
import Measurement
import SearchSpace
import Testing

@Suite("latency model scores")
struct LatencyScoreTests {
    @Test("RMSE, MAPE, ±10 % share and τ on hand-computed values")
    func handComputed() {
        // Errors −0.1, 0, +0.3 (exactly 10 % of 3), −1 (20 % of 5); ranks agree everywhere.
        let score = LatencyScore(predicted: [1, 2, 3.3, 4], measured: [1.1, 2, 3, 5])
        #expect(score.count == 4)
        #expect(abs(score.rmse - (1.1 / 4).squareRoot()) < 1e-12)
        #expect(abs(score.mape - 100 * (0.1 / 1.1 + 0 + 0.1 + 0.2) / 4) < 1e-9)
        #expect(score.within10 == 0.75)
        #expect(score.kendallTau == 1)
        // One concordant pair, two discordant: τ = (1 − 2) / 3.
        let reversed = LatencyScore(predicted: [3, 1, 2], measured: [1, 2, 3])
        #expect(abs(reversed.kendallTau + 1.0 / 3) < 1e-12)
        #expect(reversed.within10 == 0)
    }

    @Test("a NaN prediction is outside ±10 % and makes the errors infinite")
    func notANumber() {
        let score = LatencyScore(predicted: [.nan, 2], measured: [1, 2])
        #expect(score.within10 == 0.5)
        #expect(score.rmse == .infinity && score.mape == .infinity)
    }

    @Test(
        "τ on thousands of networks (the merge-sort count) equals the pairwise definition, ties included",
        arguments: [0, 1, 2, 3])
    func tauMatchesReference(kind: Int) {
        var generator = SeededGenerator(seed: UInt64(kind) + 20)
        let count = 1_500
        let measured: [Double] = (0..<count).map { _ in
            // kind 1: quantised like the phones' whole milliseconds; kind 2: few values; kind 3: all equal.
            switch kind {
            case 1: (generator.unit() * 40).rounded()
            case 2: Double(generator.next() % 4)
            case 3: 5
            default: generator.unit()
            }
        }
        let predicted = measured.map { value in
            kind == 2 && generator.unit() < 0.3 ? 1 : value + generator.unit() * 8 - 4
        }
        let score = LatencyScore(predicted: predicted, measured: measured.map { $0 + 1 })
        let reference = RankCorrelation.pairwiseKendallTau(predicted, measured)
        #expect(abs(score.kendallTau - reference) < 1e-12, "fast \(score.kendallTau) vs reference \(reference)")
    }
}
