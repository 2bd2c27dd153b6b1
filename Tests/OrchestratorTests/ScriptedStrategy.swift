import Search
import SearchSpace

/// A strategy that asks fixed batches one after the other and keeps what it is told.
struct ScriptedStrategy: SearchStrategy {
    var name: String { "scripted" }
    let targets: [LatencyTarget]
    let batches: [[Architecture]]
    let needsAccuracyOfInfeasible: Bool
    /// The results told, one entry per batch.
    private(set) var told: [[CandidateResult]] = []

    init(targets: [LatencyTarget], batches: [[Architecture]], penalty: Bool = false) {
        self.targets = targets
        self.batches = batches
        needsAccuracyOfInfeasible = penalty
    }

    var isFinished: Bool { told.count >= batches.count }
    var accuracyEvaluations: Int { told.joined().count { $0.accuracy != nil } }
    var candidatesSeen: Int { told.joined().count }
    var incumbent: CandidateResult? { nil }
    var generation: Int { told.count }
    var shrinkLog: [ShrinkEvent] { [] }

    mutating func ask() -> [Architecture] {
        isFinished ? [] : batches[told.count]
    }

    mutating func tell(_ results: [CandidateResult]) {
        told.append(results)
    }
}
