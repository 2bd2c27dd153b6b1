import Search
import SearchSpace
import Testing

/// The one rule every driver follows: latency first (deferred devices last), accuracy only if feasible.
@Suite("batch evaluation rule")
struct BatchEvaluationRuleTests {
    static let candidate = Architecture(genes: [0, 1, 2, 3, 4, 0])
    static let targets = [
        LatencyTarget(device: "table", maxLatencyMs: 10), LatencyTarget(device: "cpu", maxLatencyMs: 10),
        LatencyTarget(device: "gpu", maxLatencyMs: 10),
    ]

    @Test("hard mode: latency on every device in target order, then accuracy once every target is met")
    func feasible() {
        let rule = BatchEvaluationRule(targets: Self.targets, accuracyOfInfeasible: false)
        var figures = rule.figures(for: Self.candidate)
        #expect(rule.next(for: figures) == .latency(devices: ["table", "cpu", "gpu"]))
        figures.settleLatency(5, device: "cpu")
        #expect(rule.next(for: figures) == .latency(devices: ["table", "gpu"]))
        figures.settleLatency(5, device: "table")
        figures.settleLatency(5, device: "gpu")
        #expect(rule.next(for: figures) == .accuracy)
        figures.settleAccuracy(0.9)
        #expect(rule.next(for: figures) == .nothing)
        #expect(figures.result == CandidateResult(architecture: Self.candidate, latencyMs: ["table": 5, "cpu": 5, "gpu": 5], accuracy: 0.9))
    }

    @Test("deferred devices are asked only once the other targets are met, never for an infeasible candidate")
    func deferredDevices() {
        let rule = BatchEvaluationRule(targets: Self.targets, accuracyOfInfeasible: false, deferredDevices: ["cpu", "gpu"])
        var met = rule.figures(for: Self.candidate)
        #expect(rule.next(for: met) == .latency(devices: ["table"]))
        met.settleLatency(5, device: "table")
        #expect(rule.next(for: met) == .latency(devices: ["cpu", "gpu"]))

        var missed = rule.figures(for: Self.candidate)
        missed.settleLatency(20, device: "table")
        #expect(rule.next(for: missed) == .nothing)
        #expect(missed.result.latencyMs == ["table": 20] && !missed.result.failed)
    }

    @Test("penalty modes ask every device at once and evaluate infeasible candidates too")
    func penalty() {
        let rule = BatchEvaluationRule(targets: Self.targets, accuracyOfInfeasible: true, deferredDevices: ["cpu"])
        var figures = rule.figures(for: Self.candidate)
        #expect(rule.next(for: figures) == .latency(devices: ["table", "cpu", "gpu"]))
        for device in ["table", "cpu", "gpu"] { figures.settleLatency(20, device: device) }
        #expect(rule.next(for: figures) == .accuracy)
    }

    @Test("a failed figure ends the candidate: failed, never evaluated")
    func failure() {
        for accuracyOfInfeasible in [false, true] {
            let rule = BatchEvaluationRule(targets: Self.targets, accuracyOfInfeasible: accuracyOfInfeasible)
            var figures = rule.figures(for: Self.candidate)
            figures.settleLatency(nil, device: "table")
            figures.settleLatency(5, device: "cpu")
            figures.settleLatency(5, device: "gpu")
            #expect(rule.next(for: figures) == .nothing)
            #expect(figures.result.failed)
        }
    }
}
