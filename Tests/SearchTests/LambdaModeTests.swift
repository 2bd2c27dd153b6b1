import Search
import SearchSpace
import Testing

@Suite("LightNAS λ mode")
struct LambdaModeTests {
    @Test("λ rises while the elite is over, falls while under, resets when its sign disagrees")
    func rule() {
        #expect(LatencyMultiplier.updated(0, eliteRatio: 1.2, step: 0.1) == 0.1)
        #expect(LatencyMultiplier.updated(0.3, eliteRatio: 1.01, step: 0.1) == 0.4)
        #expect(LatencyMultiplier.updated(0.3, eliteRatio: 0.9, step: 0.1) == -0.1)  // reset, then lowered
        #expect(LatencyMultiplier.updated(-0.3, eliteRatio: 0.9, step: 0.1) == -0.4)
        #expect(LatencyMultiplier.updated(-0.3, eliteRatio: 1.5, step: 0.25) == 0.25)  // reset, then raised
        #expect(LatencyMultiplier.updated(0.7, eliteRatio: 1, step: 0.1) == 0.7)
        #expect(LatencyMultiplier.updated(0.7, eliteRatio: .nan, step: 0.1) == 0.7)
    }

    @Test("fitness is accuracy − λ·S·(lat/T − 1) with S = 100 × the accuracies' standard deviation")
    func fitness() {
        let scale = LatencyMultiplier.scale(of: [1, 3])
        #expect(abs(scale - 100 * 2.0.squareRoot()) < 1e-9)
        #expect(LatencyMultiplier.scale(of: [5]) == 1)
        #expect(LatencyMultiplier.scale(of: [5, 5, 5]) == 1)
        let expected: Double = 70 - 2 * 10 * (1.1 - 1)
        #expect(LatencyMultiplier.fitness(accuracy: 70, ratio: 1.1, lambda: 2, scale: 10) == expected)
        #expect(LatencyMultiplier.fitness(accuracy: 70, ratio: 0.9, lambda: -1, scale: 10) < 70)
    }

    static func search(limit: Double, step: Double = 0.1) -> HSCoNASEvolution {
        let device = SPOSFixture()
        let settings = SearchSettings(
            seed: 2, budget: 160, targets: [LatencyTarget(device: device.device, maxLatencyMs: limit)], population: 20,
            parents: 5)
        var strategy = HSCoNASEvolution(
            settings: settings, space: SPOSSpace(), options: .init(constraintMode: .lambda, lambdaStep: step))
        device.run(&strategy)
        return strategy
    }

    @Test("a λ search evaluates every candidate, follows the rule each generation and answers a feasible candidate")
    func search() throws {
        let limit = 10.0
        let strategy = Self.search(limit: limit)
        #expect(strategy.needsAccuracyOfInfeasible)
        #expect(strategy.accuracyEvaluations == strategy.candidatesSeen)
        let log = strategy.lambdaLog
        #expect(log.count >= 5)
        var lambda = 0.0
        for update in log {
            #expect(update.lambdaBefore == lambda)
            #expect(update.lambdaAfter == LatencyMultiplier.updated(update.lambdaBefore, eliteRatio: update.eliteLatencyRatio, step: 0.1))
            lambda = update.lambdaAfter
        }
        #expect(strategy.lambda == lambda)
        // Unconstrained, the most accurate candidates are the widest, far over the target: the
        // elite starts over, so λ starts by rising.
        #expect(log.first?.eliteLatencyRatio ?? 0 > 1)
        #expect(log.first?.lambdaAfter == 0.1)
        let best = try #require(strategy.incumbent)
        #expect(SPOSFixture().latency(best.architecture) <= limit)
        #expect(strategy.scalingLog.isEmpty)
    }
}
