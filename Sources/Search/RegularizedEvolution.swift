import SearchSpace

/// Regularized (aging) evolution (Real et al., AAAI 2019), the second baseline of Docs/design.md §4.
///
/// - The population is a queue of the `population` most recent feasible, evaluated members. It
///   is first filled with uniform samples.
/// - Each child: draw `parents` members uniformly without replacement (the tournament), take the
///   most accurate (ties: the older), and change exactly one uniformly chosen gene to a different
///   choice, as in Real et al. and NAS-Bench-201's implementation (so `mutationProbability` is
///   not used). A child already asked is redrawn; after repeated misses a uniform sample is used.
/// - A told feasible child joins the queue and the oldest member leaves (aging).
/// - Under hard targets an infeasible child is told, costs no budget and never joins the queue;
///   failed evaluations neither.
///
/// `batchSize` children are asked at once, all drawn from the same queue and told in ask order,
/// so the search stays deterministic for a seed whatever the number of workers.
public struct RegularizedEvolution: SearchStrategy {
    /// Always `regularized-evolution`.
    public var name: String { "regularized-evolution" }
    /// Children asked per batch after the queue is full (at least 1).
    public let batchSize: Int
    /// Batches told so far.
    public private(set) var generation = 0
    /// Always empty: regularized evolution does not shrink the space.
    public var shrinkLog: [ShrinkEvent] { [] }
    private var ledger: SearchLedger
    private var generator: SeededGenerator
    private var mask: ChoiceMask
    /// Oldest first.
    private var queue: [CandidateResult] = []

    /// An aging-evolution search of `space` that asks `batchSize` children at a time (at least 1).
    public init(settings: SearchSettings, space: some SearchSpace, batchSize: Int = 1) {
        ledger = SearchLedger(settings: settings)
        generator = SeededGenerator(seed: settings.seed)
        mask = ChoiceMask(space: space)
        self.batchSize = Swift.max(1, batchSize)
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
    /// False: infeasible children are never evaluated for accuracy.
    public var needsAccuracyOfInfeasible: Bool { false }
    /// The most accurate candidate so far that meets every target (ties: first found).
    public var incumbent: CandidateResult? { ledger.incumbent }

    private var populationSize: Int { Swift.max(1, settings.population) }

    /// Uniform samples while the queue holds fewer than `population` members, then `batchSize` mutated tournament
    /// winners; never one asked before, and empty when finished or nothing new is left.
    public mutating func ask() -> [Architecture] {
        let filling = queue.count < populationSize
        let wanted = filling ? populationSize - queue.count : batchSize
        let count = Swift.min(wanted, ledger.room)
        guard count > 0 else { return [] }
        var batch: [Architecture] = []
        var inBatch: Set<Architecture> = []
        func isFree(_ candidate: Architecture) -> Bool {
            !ledger.wasAsked(candidate) && !inBatch.contains(candidate)
        }
        draw: for _ in 0..<count {
            var found: Architecture?
            if !filling {
                for _ in 0..<64 {
                    let child = mutateOneGene(tournamentWinner())
                    if isFree(child) {
                        found = child
                        break
                    }
                }
            }
            guard let candidate = found ?? mask.freshSample(using: &generator, where: isFree) else { break draw }
            batch.append(candidate)
            inBatch.insert(candidate)
        }
        return ledger.issue(batch)
    }

    /// Records the last batch, queues its feasible members (the oldest leave) and applies the stall
    /// rule; ignored when no batch is outstanding.
    public mutating func tell(_ results: [CandidateResult]) {
        guard !ledger.pending.isEmpty else { return }
        for result in ledger.accept(results) where ledger.isFeasible(result) {
            queue.append(result)
            if queue.count > populationSize { queue.removeFirst() }
        }
        ledger.judgeStall()
        generation += 1
    }

    private mutating func tournamentWinner() -> Architecture {
        // Partial Fisher–Yates over indices: a sample without replacement.
        var indices = Array(queue.indices)
        let size = Swift.min(Swift.max(1, settings.parents), indices.count)
        var best: Int?
        for slot in 0..<size {
            let pick = slot + Int(generator.next() % UInt64(indices.count - slot))
            indices.swapAt(slot, pick)
            let candidate = indices[slot]
            guard let current = best else {
                best = candidate
                continue
            }
            let a = queue[candidate].accuracy ?? -.infinity
            let b = queue[current].accuracy ?? -.infinity
            if a > b || (a == b && candidate < current) { best = candidate }
        }
        return queue[best ?? 0].architecture
    }

    private mutating func mutateOneGene(_ parent: Architecture) -> Architecture {
        var genes = parent.genes
        let free = genes.indices.filter { mask.allowed[$0].count > 1 }
        guard !free.isEmpty else { return parent }
        let position = free[Int(generator.next() % UInt64(free.count))]
        let others = mask.allowed[position].filter { $0 != genes[position] }
        genes[position] = others[Int(generator.next() % UInt64(others.count))]
        return Architecture(genes: genes)
    }
}
