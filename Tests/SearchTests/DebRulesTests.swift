import Search
import SearchSpace
import Testing

@Suite("Deb's rules")
struct DebRulesTests {
    let targets = [LatencyTarget(device: "a", maxLatencyMs: 10), LatencyTarget(device: "b", maxLatencyMs: 20)]

    func result(_ id: Int, a: Double?, b: Double?, accuracy: Double?, failed: Bool = false) -> CandidateResult {
        var latency: [String: Double] = [:]
        latency["a"] = a
        latency["b"] = b
        return CandidateResult(architecture: Architecture(genes: [id]), latencyMs: latency, accuracy: accuracy, failed: failed)
    }

    @Test("feasible beats infeasible whatever the accuracy; failed ranks last")
    func feasibleFirst() {
        let feasibleLow = result(1, a: 10, b: 20, accuracy: 10)
        let infeasibleHigh = result(2, a: 10.1, b: 1, accuracy: 99)
        let failed = result(3, a: 1, b: 1, accuracy: nil, failed: true)
        #expect(DebRules.ranksBefore(feasibleLow, infeasibleHigh, targets: targets))
        #expect(!DebRules.ranksBefore(infeasibleHigh, feasibleLow, targets: targets))
        #expect(DebRules.ranksBefore(infeasibleHigh, failed, targets: targets))
        #expect(DebRules.standing(of: feasibleLow, targets: targets) == .feasible)
        #expect(DebRules.standing(of: infeasibleHigh, targets: targets) == .infeasible)
        #expect(DebRules.standing(of: failed, targets: targets) == .failed)
        // Meeting every target without an accuracy means the evaluation never happened.
        #expect(DebRules.standing(of: result(4, a: 1, b: 1, accuracy: nil), targets: targets) == .failed)
    }

    @Test("among feasible, higher accuracy first; among infeasible, lower total violation first")
    func orderWithinClasses() {
        let good = result(1, a: 5, b: 5, accuracy: 90)
        let better = result(2, a: 9, b: 19, accuracy: 91)
        #expect(DebRules.ranksBefore(better, good, targets: targets))
        // Violations: 0.5 + 0 = 0.5; 0.2 + 0.2 = 0.4; 0 + 1.0 = 1.0. A device never asked (a fleet
        // search measures only candidates the replayed targets admit) adds nothing: 0.1 is a lower
        // bound; no latency at all is infinity.
        let half = result(3, a: 15, b: 1, accuracy: nil)
        let twoSmall = result(4, a: 12, b: 24, accuracy: nil)
        let double = result(5, a: 1, b: 40, accuracy: nil)
        let unmeasured = result(6, a: 11, b: nil, accuracy: nil)
        let unknown = result(7, a: nil, b: nil, accuracy: nil)
        let ranked = DebRules.ranked([unknown, unmeasured, double, half, good, twoSmall, better], targets: targets)
        #expect(ranked.map(\.architecture.genes[0]) == [2, 1, 6, 4, 3, 5, 7])
    }

    @Test("ties keep their given order")
    func stableTies() {
        let first = result(1, a: 1, b: 1, accuracy: 80)
        let second = result(2, a: 2, b: 2, accuracy: 80)
        #expect(!DebRules.ranksBefore(first, second, targets: targets))
        #expect(!DebRules.ranksBefore(second, first, targets: targets))
        #expect(DebRules.ranked([second, first], targets: targets).map(\.architecture.genes[0]) == [2, 1])
    }
}
