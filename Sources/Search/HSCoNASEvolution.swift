import SearchSpace

/// The HSCoNAS evolutionary search under hard latency targets, with progressive space shrinking
/// and a hardware model, as this project reads Docs/design.md §4.
///
/// **Generations.** Generation 0 is `population` (P) uniform samples of the space. Every later
/// generation breeds P children from the `parents` (k) best candidates evaluated so far (ranked by
/// ``DebRules`` over the whole history, as SPOS's EA keeps its top-k): alternately a mutation of a
/// random parent (each gene with `mutationProbability`) and a uniform crossover of two random
/// parents (each gene from either with probability one half), so half each. A fraction
/// ``Options/immigrants`` of the children are uniform samples instead. A child already asked, in
/// this run or in the batch being built, is dropped and drawn again; children always lie in the
/// current (shrunk) ``SearchSpace/ChoiceMask``. Once a generation has P feasible children its
/// candidates join the history, the parents are re-ranked and, when due, the space shrinks.
///
/// **Hard targets.** An infeasible candidate is told with latencies only: it costs a latency
/// look-up, never an accuracy evaluation, and ranks after every feasible one (Deb's rules). A
/// generation keeps asking replacements until it has P feasible children, the budget is spent or
/// `maxCandidates` is reached. Failed evaluations rank last and, like everything asked, are
/// never asked again.
///
/// **Hardware model.** One ``AdditiveLatencyModel`` per target, fitted on every latency told so
/// far, screens children before they are asked: a child predicted over `(1 + margin) · T`, or
/// under ``Options/minimumUtilization`` of its tightest target, is drawn again, up to
/// ``Options/screeningTries`` times. An infeasible child is replaced by its *repair*: the one-gene
/// change the model puts closest under the targets (see ``Options/repairFloor``).
///
/// **Progressive space shrinking.** After the generation in which the accuracy evaluations pass
/// each multiple of `shrinkEvery · budget` (a quarter of the run by default), one
/// ``ProgressiveSpaceShrinking`` step runs on all evaluated feasible candidates and may drop the
/// worst choice of each position; every drop is logged in ``shrinkLog``.
///
/// **Batches and determinism.** A batch is one generation's worth of candidates (P, or the
/// replacements still needed), so a fleet evaluates it in parallel. The strategy draws only from
/// its own ``SearchSpace/SeededGenerator`` and is told results in ask order, so the same seed and
/// the same results give the same asks; its whole state, generator included, is `Codable`, so a
/// checkpoint resumes exactly.
///
/// **Dynamic channel scaling.** In `hard` mode with ``Options/channelScaling`` on a
/// ``ChannelScalableSpace`` (spos), once the driver has handed a ``CandidateLatencyPredictor`` that
/// answers for every target, each bred child keeps its operators and gets the channel ratios
/// ``DynamicChannelScaling`` chooses on the model; the widened child is asked, and every decision
/// is logged in ``scalingLog``. A child whose narrowest channels are already over a target is
/// drawn again. Screening and repair are then the scaling's job. Shrinking only drops operator
/// choices (channels are the scaling's).
///
/// **λ mode** (`constraintMode: .lambda`, LightNAS): every candidate is evaluated for accuracy,
/// parents are the best by `accuracy − λ·S·(latency/T − 1)` and λ follows the elite each
/// generation (``LatencyMultiplier``); no screening, repair or scaling. The answer is still the
/// best *feasible* candidate.
///
/// The search ends when `budget` accuracy evaluations are spent, `maxCandidates` candidates
/// were told, no new candidate can be produced, or (hard mode) it stalls: fewer than
/// `stallYield` of the last `stallWindow` candidates met every target (``SearchSettings``).
public struct HSCoNASEvolution: SearchStrategy {
    /// Always `hsconas`.
    public var name: String { "hsconas" }
    /// The EA's own knobs.
    public let options: Options
    /// The space as shrinking has left it.
    public private(set) var mask: ChoiceMask
    /// Generations ended; one ends at P feasible children (P evaluated ones in λ mode) or when the search finishes.
    public private(set) var generation = 0
    /// Every progressive-space-shrinking step so far (encoded, so it survives a checkpoint).
    public private(set) var shrinkLog: [ShrinkEvent] = []
    private let positions: [SearchPosition]
    private var ledger: SearchLedger
    private var generator: SeededGenerator
    /// One hardware model per target, in target order.
    private var models: [AdditiveLatencyModel]
    private var parents: [Architecture] = []
    private var feasibleThisGeneration = 0
    private var askedThisGeneration = 0
    /// Children bred this generation; its parity alternates mutation and crossover.
    private var childrenThisGeneration = 0
    /// Infeasible children of the last told batch still to be repaired, best (Deb) first.
    private var toRepair: [Architecture] = []
    /// Shrinking steps already due (multiples of `shrinkEvery · budget` passed).
    private var shrinksDue = 0
    /// The space's name, to find its channel structure again after decoding.
    private let spaceName: String
    /// The LightNAS multiplier (λ mode); dimensionless, see ``LatencyMultiplier``.
    public private(set) var lambda: Double
    /// Every λ update so far, at most one per generation in `lambda` mode; empty in `hard` mode.
    public private(set) var lambdaLog: [LambdaUpdate] = []
    /// Every channel-scaling decision since this value was created. Not part of the encoded
    /// state (it would make every checkpoint grow with the run): drivers persist it themselves.
    public private(set) var scalingLog: [ChannelScalingEvent] = []
    /// The space's channel structure when it has one (not encoded; found again by name).
    private var channelSpace: (any ChannelScalableSpace)?
    /// The devices' hardware models as the driver last handed them (not encoded).
    private var predictor: (any CandidateLatencyPredictor)?
    /// Events not yet handed to the driver (not encoded: a checkpoint is saved once they are).
    private var undrained = SearchEvents()

    /// A search of `space` with `settings` (seed, budget, targets, P, k, mutation rate, shrink schedule).
    public init(settings: SearchSettings, space: some SearchSpace, options: Options = .init()) {
        self.options = options
        positions = space.positions
        mask = ChoiceMask(space: space)
        ledger = SearchLedger(settings: settings)
        generator = SeededGenerator(seed: settings.seed)
        let choiceCounts = space.positions.map(\.choices.count)
        models = settings.targets.map { _ in AdditiveLatencyModel(choiceCounts: choiceCounts) }
        spaceName = space.name
        channelSpace = space as? any ChannelScalableSpace
        lambda = options.lambdaInitial
    }

    enum CodingKeys: String, CodingKey {
        case options, mask, generation, shrinkLog, positions, ledger, generator, models, parents
        case feasibleThisGeneration, askedThisGeneration, childrenThisGeneration, toRepair, shrinksDue
        case spaceName, lambda, lambdaLog
    }

    /// Decodes a checkpoint; one from before channel scaling and λ loads as nb201, λ at its initial value.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        options = try c.decode(Options.self, forKey: .options)
        mask = try c.decode(ChoiceMask.self, forKey: .mask)
        generation = try c.decode(Int.self, forKey: .generation)
        shrinkLog = try c.decode([ShrinkEvent].self, forKey: .shrinkLog)
        positions = try c.decode([SearchPosition].self, forKey: .positions)
        ledger = try c.decode(SearchLedger.self, forKey: .ledger)
        generator = try c.decode(SeededGenerator.self, forKey: .generator)
        models = try c.decode([AdditiveLatencyModel].self, forKey: .models)
        parents = try c.decode([Architecture].self, forKey: .parents)
        feasibleThisGeneration = try c.decode(Int.self, forKey: .feasibleThisGeneration)
        askedThisGeneration = try c.decode(Int.self, forKey: .askedThisGeneration)
        childrenThisGeneration = try c.decode(Int.self, forKey: .childrenThisGeneration)
        toRepair = try c.decode([Architecture].self, forKey: .toRepair)
        shrinksDue = try c.decode(Int.self, forKey: .shrinksDue)
        // Checkpoints from before channel scaling and λ existed were all nb201 / hard.
        spaceName = try c.decodeIfPresent(String.self, forKey: .spaceName) ?? "nb201"
        lambda = try c.decodeIfPresent(Double.self, forKey: .lambda) ?? options.lambdaInitial
        lambdaLog = try c.decodeIfPresent([LambdaUpdate].self, forKey: .lambdaLog) ?? []
        channelSpace = (try? SearchSpaces.named(spaceName)) as? any ChannelScalableSpace
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
    /// True in `lambda` mode, where every candidate is ranked by its accuracy.
    public var needsAccuracyOfInfeasible: Bool { options.constraintMode == .lambda }
    /// The most accurate candidate so far that meets every target (ties: first found).
    public var incumbent: CandidateResult? { ledger.incumbent }

    /// The hardware model's predicted latency (ms) per target device; empty before any sample.
    public func predictedLatencies(of architecture: Architecture) -> [String: Double] {
        var result: [String: Double] = [:]
        for (index, target) in targets.enumerated() {
            if let value = models[index].predict(architecture) { result[target.device] = value }
        }
        return result
    }

    /// Keeps the driver's predictor (not encoded) for channel scaling, and for screening ahead of the EA's own models.
    public mutating func useLatencyPredictor(_ predictor: (any CandidateLatencyPredictor)?) {
        self.predictor = predictor
    }

    /// The shrinking steps, channel-scaling decisions and λ updates since the last call, which it then forgets.
    public mutating func drainEvents() -> SearchEvents {
        defer { undrained = SearchEvents() }
        return undrained
    }

    /// Whether children are widened by channel scaling (the predictor must also answer).
    private var scalesChannels: Bool {
        options.channelScaling && options.constraintMode == .hard && channelSpace != nil && predictor != nil
    }

    /// The next batch: what this generation still needs (oversampled by the feasible rate seen), repairs
    /// first, then scaled, screened or plain new children; empty when finished or nothing new is left.
    public mutating func ask() -> [Architecture] {
        let needed = Swift.max(1, settings.population) - feasibleThisGeneration
        var wanted = needed
        if options.oversample, askedThisGeneration > 0 {
            let rate = Double(Swift.max(1, feasibleThisGeneration)) / Double(askedThisGeneration)
            wanted = Swift.min(Swift.max(1, settings.population), Int((Double(needed) / rate).rounded(.up)))
        }
        let count = Swift.min(wanted, ledger.room)
        guard count > 0 else { return [] }
        var batch: [Architecture] = []
        var inBatch: Set<Architecture> = []
        for _ in 0..<count {
            var candidate: Architecture?
            while candidate == nil, !toRepair.isEmpty {
                candidate = repair(toRepair.removeFirst(), avoiding: inBatch)
            }
            let fresh: Architecture?
            if candidate != nil {
                fresh = candidate
            } else if options.constraintMode == .lambda {
                fresh = newCandidate(avoiding: inBatch)
            } else if scalesChannels, let scaled = scaledCandidate(avoiding: inBatch) {
                fresh = scaled
            } else {
                fresh = screenedCandidate(avoiding: inBatch)
            }
            guard let next = fresh else { break }
            batch.append(next)
            inBatch.insert(next)
        }
        askedThisGeneration += batch.count
        return ledger.issue(batch)
    }

    /// Records the last batch, refits the hardware models, queues repairs and ends the generation once
    /// it has P feasible children or the search is finished; ignored when no batch is outstanding.
    public mutating func tell(_ results: [CandidateResult]) {
        guard !ledger.pending.isEmpty else { return }
        let told = ledger.accept(results)
        // In λ mode every candidate is an accuracy evaluation: the budget bounds it already.
        if options.constraintMode != .lambda { ledger.judgeStall() }
        for result in told {
            for (index, target) in targets.enumerated() {
                if let latency = result.latencyMs[target.device] { models[index].add(result.architecture, latencyMs: latency) }
            }
        }
        for index in models.indices { models[index].refit() }
        if options.constraintMode == .lambda {
            // Every candidate is evaluated: a generation is P evaluated children.
            feasibleThisGeneration += told.count { !$0.failed && $0.accuracy != nil }
        } else {
            feasibleThisGeneration += told.count { ledger.isFeasible($0) }
        }
        toRepair = []
        if options.repair, options.constraintMode == .hard, !scalesChannels, modelReady {
            let infeasible = told.filter { DebRules.standing(of: $0, targets: targets) == .infeasible }
            toRepair = DebRules.ranked(infeasible, targets: targets).map(\.architecture)
        }
        if feasibleThisGeneration >= Swift.max(1, settings.population) || ledger.isFinished {
            endGeneration()
        }
    }

    // MARK: Generations

    private mutating func endGeneration() {
        if options.constraintMode == .lambda {
            parents = lambdaParents()
        } else {
            parents = DebRules.ranked(ledger.history, targets: targets)
                .prefix(Swift.max(1, settings.parents))
                .filter { DebRules.standing(of: $0, targets: targets) != .failed }
                .map(\.architecture)
        }
        shrinkIfDue()
        generation += 1
        feasibleThisGeneration = 0
        askedThisGeneration = 0
        childrenThisGeneration = 0
    }

    private mutating func shrinkIfDue() {
        guard settings.shrinkEvery > 0, settings.shrinkEvery < 1, !ledger.isFinished else { return }
        let step = settings.shrinkEvery * Double(settings.budget)
        guard step > 0 else { return }
        let due = Int((Double(accuracyEvaluations) / step).rounded(.down))
        guard due > shrinksDue else { return }
        // One step even if several thresholds were passed in one generation.
        shrinksDue = due
        let feasible = ledger.history.filter { ledger.isFeasible($0) }
        // With channels in the space, shrinking works on the operators: channels are chosen per
        // candidate (by scaling, or by screening), not a property of the space worth dropping.
        let shrinkable = channelSpace.map { Set($0.operatorPositions) }
        let steps = options.shrinking.step(
            mask: &mask, feasible: feasible, positions: positions, generation: generation, only: shrinkable)
        shrinkLog += steps
        undrained.shrinks += steps
    }

    // MARK: λ mode

    /// Updates λ from the elite and returns the parents, best by fitness under the new λ.
    private mutating func lambdaParents() -> [Architecture] {
        let evaluated = ledger.history.compactMap { result -> (CandidateResult, Double, Double)? in
            guard !result.failed, let accuracy = result.accuracy, accuracy.isFinite, let ratio = latencyRatio(result)
            else { return nil }
            return (result, accuracy, ratio)
        }
        guard !evaluated.isEmpty else { return [] }
        let scale = LatencyMultiplier.scale(of: evaluated.map(\.1))
        func ranked(_ lambda: Double) -> [(CandidateResult, Double, Double)] {
            evaluated.enumerated().sorted { lhs, rhs in
                let a = LatencyMultiplier.fitness(accuracy: lhs.element.1, ratio: lhs.element.2, lambda: lambda, scale: scale)
                let b = LatencyMultiplier.fitness(accuracy: rhs.element.1, ratio: rhs.element.2, lambda: lambda, scale: scale)
                return a != b ? a > b : lhs.offset < rhs.offset
            }.map(\.element)
        }
        if !targets.isEmpty, let elite = ranked(lambda).first {
            let before = lambda
            lambda = LatencyMultiplier.updated(lambda, eliteRatio: elite.2, step: options.lambdaStep)
            let update = LambdaUpdate(
                generation: generation, eliteLatencyRatio: elite.2, lambdaBefore: before, lambdaAfter: lambda)
            lambdaLog.append(update)
            undrained.lambdaUpdates.append(update)
        }
        return ranked(lambda).prefix(Swift.max(1, settings.parents)).map(\.0.architecture)
    }

    /// The worst latency / T over the targets (1 without targets); nil when a latency is missing.
    private func latencyRatio(_ result: CandidateResult) -> Double? {
        var worst = targets.isEmpty ? 1.0 : 0.0
        for target in targets {
            guard let latency = result.latencyMs[target.device], target.maxLatencyMs > 0 else { return nil }
            worst = Swift.max(worst, latency / target.maxLatencyMs)
        }
        return worst
    }

    // MARK: Hardware model

    private var modelReady: Bool {
        !models.isEmpty && models.allSatisfy { $0.samples >= options.modelWarmup }
    }

    /// The worst predicted latency / T over the targets: on the driver's predictor when it answers
    /// for every target, else on the EA's own models; nil while those warm up.
    private func predictedRatio(_ architecture: Architecture) -> Double? {
        if let predictor, !targets.isEmpty {
            var worst = 0.0
            var answered = true
            for target in targets {
                guard let value = predictor.predictedLatencyMs(of: architecture, device: target.device),
                    target.maxLatencyMs > 0
                else {
                    answered = false
                    break
                }
                worst = Swift.max(worst, value / target.maxLatencyMs)
            }
            if answered { return worst }
        }
        guard modelReady else { return nil }
        var worst = 0.0
        for (index, target) in targets.enumerated() {
            guard let predicted = models[index].predict(architecture), target.maxLatencyMs > 0 else { return nil }
            worst = Swift.max(worst, predicted / target.maxLatencyMs)
        }
        return worst
    }

    /// The repair of an infeasible child (see ``Options/repairFloor``), or nil.
    private func repair(_ architecture: Architecture, avoiding inBatch: Set<Architecture>) -> Architecture? {
        var best: (candidate: Architecture, ratio: Double)?
        var genes = architecture.genes
        for position in genes.indices where position < mask.allowed.count {
            let original = genes[position]
            for choice in mask.allowed[position] where choice != original {
                genes[position] = choice
                let candidate = Architecture(genes: genes)
                if mask.admits(candidate), !ledger.wasAsked(candidate), !inBatch.contains(candidate),
                    let ratio = predictedRatio(candidate), ratio <= 1, ratio > (best?.ratio ?? -.infinity)
                {
                    best = (candidate, ratio)
                }
            }
            genes[position] = original
        }
        guard let best, best.ratio >= options.repairFloor else { return nil }
        return best.candidate
    }

    /// A new candidate widened by dynamic channel scaling and logged, or nil when the predictor
    /// does not answer for every target or no drawn child fits within
    /// `max(1, screeningTries) × 5` draws (the caller then screens as without scaling).
    private mutating func scaledCandidate(avoiding inBatch: Set<Architecture>) -> Architecture? {
        guard let predictor, let space = channelSpace else { return nil }
        for _ in 0..<(Swift.max(1, options.screeningTries) * 5) {
            guard let bred = newCandidate(avoiding: inBatch) else { return nil }
            // No model for a device yet: scaling cannot work, and drawing more will not help.
            if targets.contains(where: { predictor.predictedLatencyMs(of: bred, device: $0.device) == nil }) { return nil }
            guard
                let outcome = options.scaling.scale(bred, space: space, mask: mask, targets: targets, predictor: predictor),
                !ledger.wasAsked(outcome.architecture), !inBatch.contains(outcome.architecture)
            else { continue }
            let channels = space.channelPositions
            func ratios(_ architecture: Architecture) -> [Double] {
                channels.map { position in
                    let choices = positions[position].choices
                    let gene = architecture.genes[position]
                    return choices.indices.contains(gene) ? Double(choices[gene]) ?? Double(gene) : Double(gene)
                }
            }
            let event = ChannelScalingEvent(
                generation: generation, before: bred, after: outcome.architecture, ratiosBefore: ratios(bred),
                ratiosAfter: ratios(outcome.architecture), predictedMs: outcome.predictedMs,
                targetMs: Dictionary(targets.map { ($0.device, $0.maxLatencyMs) }) { first, _ in first })
            scalingLog.append(event)
            undrained.channelScalings.append(event)
            return outcome.architecture
        }
        return nil
    }

    /// A new candidate that passes screening, or the first one drawn when none does.
    private mutating func screenedCandidate(avoiding inBatch: Set<Architecture>) -> Architecture? {
        guard options.screeningTries > 0 else { return newCandidate(avoiding: inBatch) }
        var first: Architecture?
        for _ in 0..<options.screeningTries {
            guard let candidate = newCandidate(avoiding: inBatch) else { return first }
            if first == nil { first = candidate }
            guard let ratio = predictedRatio(candidate) else { return candidate }
            if ratio <= 1 + options.screeningMargin, ratio >= options.minimumUtilization { return candidate }
        }
        return first
    }

    // MARK: Breeding

    /// A candidate never asked and not in the batch being built: bred when there are parents
    /// (or an immigrant), then uniform samples, then a walk of the space; nil when none is left.
    private mutating func newCandidate(avoiding inBatch: Set<Architecture>) -> Architecture? {
        func isFree(_ candidate: Architecture) -> Bool {
            !ledger.wasAsked(candidate) && !inBatch.contains(candidate)
        }
        let immigrant = options.immigrants > 0 && generator.unit() < options.immigrants
        if !parents.isEmpty, !immigrant {
            for _ in 0..<64 {
                let child = makeChild()
                if isFree(child) { return child }
            }
        }
        for _ in 0..<256 {
            let sample = mask.sample(using: &generator)
            if isFree(sample) { return sample }
        }
        return mask.firstAdmitted(where: isFree)
    }

    /// Mutation and crossover alternate, so a generation is half each.
    private mutating func makeChild() -> Architecture {
        defer { childrenThisGeneration += 1 }
        let first = parents[Int(generator.next() % UInt64(parents.count))]
        let child: Architecture
        if childrenThisGeneration % 2 == 0 || parents.count < 2 {
            child = mask.mutate(first, probability: settings.mutationProbability, using: &generator)
        } else {
            var second = first
            while second == first { second = parents[Int(generator.next() % UInt64(parents.count))] }
            child = mask.crossover(first, second, using: &generator)
        }
        // Parents found before a shrinking step may carry dropped choices.
        return mask.repaired(child, using: &generator)
    }
}
