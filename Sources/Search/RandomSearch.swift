import SearchSpace

/// Random search, the first baseline of Docs/design.md §4: uniform samples of the space, in batches of
/// `population`, never one asked twice.
///
/// Constraint handling and budget accounting are the HSCoNAS EA's: candidates that miss a hard
/// target are told without an accuracy and cost no budget, so the search keeps sampling until it
/// has spent `budget` accuracy evaluations or asked `maxCandidates` candidates.
public struct RandomSearch: SearchStrategy {
    /// Always `random`.
    public var name: String { "random" }
    /// Batches told so far.
    public private(set) var generation = 0
    /// Always empty: random search does not shrink the space.
    public var shrinkLog: [ShrinkEvent] { [] }
    private var ledger: SearchLedger
    private var generator: SeededGenerator
    private var mask: ChoiceMask

    /// A random search of `space`, seeded by `settings.seed`.
    public init(settings: SearchSettings, space: some SearchSpace) {
        ledger = SearchLedger(settings: settings)
        generator = SeededGenerator(seed: settings.seed)
        mask = ChoiceMask(space: space)
    }

    /// The settings the search was created with.
    public var settings: SearchSettings { ledger.settings }
    /// The settings' hard latency targets.
    public var targets: [LatencyTarget] { ledger.targets }
    /// True once the budget or the candidate limit is spent, the space is exhausted or the search stalled.
    public var isFinished: Bool { ledger.isFinished }
    /// Why the search ended before spending its budget (space exhausted, candidate limit, stall); nil otherwise.
    public var endReason: String? { ledger.endReason }
    /// Accuracy evaluations counted against the budget so far.
    public var accuracyEvaluations: Int { ledger.accuracyEvaluations }
    /// Candidates told so far, failed ones included.
    public var candidatesSeen: Int { ledger.candidatesSeen }
    /// False: infeasible candidates are never evaluated for accuracy.
    public var needsAccuracyOfInfeasible: Bool { false }
    /// The most accurate candidate so far that meets every target (ties: first found).
    public var incumbent: CandidateResult? { ledger.incumbent }

    /// Up to `population` uniform samples never asked before (fewer near the end of the budget);
    /// empty when finished or nothing new is left.
    public mutating func ask() -> [Architecture] {
        let count = Swift.min(Swift.max(1, settings.population), ledger.room)
        guard count > 0 else { return [] }
        var batch: [Architecture] = []
        var inBatch: Set<Architecture> = []
        func isFree(_ candidate: Architecture) -> Bool {
            !ledger.wasAsked(candidate) && !inBatch.contains(candidate)
        }
        for _ in 0..<count {
            guard let candidate = mask.freshSample(using: &generator, where: isFree) else { break }
            batch.append(candidate)
            inBatch.insert(candidate)
        }
        return ledger.issue(batch)
    }

    /// Records the last batch and applies the stall rule; ignored when no batch is outstanding.
    public mutating func tell(_ results: [CandidateResult]) {
        guard !ledger.pending.isEmpty else { return }
        _ = ledger.accept(results)
        ledger.judgeStall()
        generation += 1
    }
}
