import SearchSpace

/// Random search, the first baseline of Docs/design.md §4: uniform samples of the space, in batches of
/// `population`, never one asked twice.
///
/// Constraint handling and budget accounting are the HSCoNAS EA's: candidates that miss a hard
/// target are told without an accuracy and cost no budget, so the search keeps sampling until it
/// has spent `budget` accuracy evaluations or asked `maxCandidates` candidates.
public struct RandomSearch: SearchStrategy {
    public var name: String { "random" }
    public private(set) var generation = 0
    public var shrinkLog: [ShrinkEvent] { [] }
    private var ledger: SearchLedger
    private var generator: SeededGenerator
    private var mask: ChoiceMask

    public init(settings: SearchSettings, space: some SearchSpace) {
        ledger = SearchLedger(settings: settings)
        generator = SeededGenerator(seed: settings.seed)
        mask = ChoiceMask(space: space)
    }

    public var settings: SearchSettings { ledger.settings }
    public var targets: [LatencyTarget] { ledger.targets }
    public var isFinished: Bool { ledger.isFinished }
    public var endReason: String? { ledger.endReason }
    public var accuracyEvaluations: Int { ledger.accuracyEvaluations }
    public var candidatesSeen: Int { ledger.candidatesSeen }
    public var needsAccuracyOfInfeasible: Bool { false }
    public var incumbent: CandidateResult? { ledger.incumbent }

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

    public mutating func tell(_ results: [CandidateResult]) {
        guard !ledger.pending.isEmpty else { return }
        _ = ledger.accept(results)
        ledger.judgeStall()
        generation += 1
    }
}
