import SearchSpace

/// The HSCoNAS evolutionary search with progressive space shrinking under hard latency targets.
public struct HSCoNASEvolution: SearchStrategy {
    public var name: String { "hsconas" }
    public private(set) var positions: [SearchPosition]
    public private(set) var mask: ChoiceMask
    public let options: Options
    public private(set) var generation = 0
    public private(set) var shrinkLog: [ShrinkEvent] = []
    private var ledger: SearchLedger
    private var generator: SeededGenerator
    private var parents: [Architecture] = []
    private var feasibleThisGeneration = 0
    private var childrenThisGeneration = 0
    private var shrinksDone = 0
    private var models: [AdditiveLatencyModel]

    public init(settings: SearchSettings, space: some SearchSpace, options: Options = .init()) {
        positions = space.positions
        mask = ChoiceMask(space: space)
        self.options = options
        ledger = SearchLedger(settings: settings)
        generator = SeededGenerator(seed: settings.seed)
        let counts = space.positions.map(\.choices.count)
        models = settings.targets.map { _ in AdditiveLatencyModel(choiceCounts: counts) }
    }

    public var settings: SearchSettings { ledger.settings }
    public var targets: [LatencyTarget] { ledger.targets }
    public var isFinished: Bool { ledger.isFinished }
    public var accuracyEvaluations: Int { ledger.accuracyEvaluations }
    public var candidatesSeen: Int { ledger.candidatesSeen }
    public var needsAccuracyOfInfeasible: Bool { false }
    public var incumbent: CandidateResult? { ledger.incumbent }

    public mutating func ask() -> [Architecture] {
        let count = Swift.min(settings.population - feasibleThisGeneration, ledger.room)
        guard count > 0 else { return [] }
        var batch: [Architecture] = []
        var inBatch: Set<Architecture> = []
        for _ in 0..<count {
            guard let child = screenedCandidate(avoiding: inBatch) else { break }
            batch.append(child)
            inBatch.insert(child)
        }
        if batch.isEmpty {
            ledger.exhausted = true
            return []
        }
        ledger.issue(batch)
        return batch
    }

    public mutating func tell(_ results: [CandidateResult]) {
        guard !ledger.pending.isEmpty else { return }
        let told = ledger.accept(results)
        for result in told {
            for (index, target) in targets.enumerated() {
                if let latency = result.latencyMs[target.device] { models[index].add(result.architecture, latencyMs: latency) }
            }
        }
        for index in models.indices { models[index].refit() }
        feasibleThisGeneration += told.count { ledger.isFeasible($0) }
        if feasibleThisGeneration >= settings.population || ledger.isFinished {
            endGeneration()
        }
    }

    private mutating func endGeneration() {
        let ranked = DebRules.ranked(ledger.history, targets: targets)
        parents = ranked.prefix(settings.parents).filter { DebRules.standing(of: $0, targets: targets) != .failed }
            .map(\.architecture)
        shrinkIfDue()
        generation += 1
        feasibleThisGeneration = 0
        childrenThisGeneration = 0
    }

    private mutating func shrinkIfDue() {
        guard settings.shrinkEvery > 0, settings.shrinkEvery < 1 else { return }
        let step = settings.shrinkEvery * Double(settings.budget)
        guard Double(accuracyEvaluations) >= step * Double(shrinksDone + 1), accuracyEvaluations < settings.budget
        else { return }
        while Double(accuracyEvaluations) >= step * Double(shrinksDone + 1) { shrinksDone += 1 }
        let feasible = ledger.history.filter { ledger.isFeasible($0) }
        shrinkLog += options.shrinking.step(mask: &mask, feasible: feasible, positions: positions, generation: generation)
    }

    private var modelReady: Bool {
        !models.isEmpty && models.allSatisfy { $0.samples >= options.modelWarmup }
    }

    /// Worst predicted latency/T over targets; nil when not ready.
    private func predictedRatio(_ architecture: Architecture) -> Double? {
        guard modelReady else { return nil }
        var worst = 0.0
        for (index, target) in targets.enumerated() {
            guard let predicted = models[index].predict(architecture) else { return nil }
            worst = Swift.max(worst, predicted / target.maxLatencyMs)
        }
        return worst
    }

    private mutating func screenedCandidate(avoiding inBatch: Set<Architecture>) -> Architecture? {
        guard options.screeningTries > 0, modelReady else { return newCandidate(avoiding: inBatch) }
        var fallback: Architecture?
        for _ in 0..<options.screeningTries {
            guard let candidate = newCandidate(avoiding: inBatch) else { return fallback }
            if fallback == nil { fallback = candidate }
            guard let ratio = predictedRatio(candidate) else { return candidate }
            if ratio <= 1 + options.screeningMargin && ratio >= options.minimumUtilization { return candidate }
        }
        return fallback
    }

    private var currentMutationProbability: Double {
        guard let start = options.initialMutationProbability else { return settings.mutationProbability }
        let progress = Swift.min(1, Double(accuracyEvaluations) / Double(Swift.max(1, settings.budget)))
        return start + (settings.mutationProbability - start) * progress
    }

    private mutating func newCandidate(avoiding inBatch: Set<Architecture>) -> Architecture? {
        func isFree(_ candidate: Architecture) -> Bool {
            !ledger.wasAsked(candidate) && !inBatch.contains(candidate)
        }
        if !parents.isEmpty {
            for _ in 0..<64 {
                let child = makeChild()
                if isFree(child) { return child }
            }
        }
        for _ in 0..<256 {
            let child = mask.sample(using: &generator)
            if isFree(child) { return child }
        }
        return mask.firstAdmitted(where: isFree)
    }

    private mutating func makeChild() -> Architecture {
        defer { childrenThisGeneration += 1 }
        let first = parents[Int(generator.next() % UInt64(parents.count))]
        let child: Architecture
        if childrenThisGeneration % 2 == 0 || parents.count < 2 {
            child = mask.mutate(first, probability: currentMutationProbability, using: &generator)
        } else {
            var second = first
            while second == first { second = parents[Int(generator.next() % UInt64(parents.count))] }
            child = mask.crossover(first, second, using: &generator)
        }
        return mask.repaired(child, using: &generator)
    }
}
