import SearchSpace

/// The bookkeeping every strategy shares: what was asked, what is outstanding, every told result,
/// the budget spent and the incumbent.
///
/// Budget accounting (the same for every strategy, so comparisons are fair): only results that
/// carry an accuracy count against `budget`; infeasible candidates (never evaluated for accuracy)
/// and failed evaluations do not. Every told candidate counts against `maxCandidates`, the bound
/// on latency look-ups that stops a search whose target nothing can meet.
struct SearchLedger: Sendable, Codable, Hashable {
    let settings: SearchSettings
    /// Every architecture ever asked; a strategy never asks one twice.
    private(set) var asked: Set<Architecture> = []
    /// The batch asked and not yet told, in ask order.
    private(set) var pending: [Architecture] = []
    /// Every told result, in ask order.
    private(set) var history: [CandidateResult] = []
    private(set) var accuracyEvaluations = 0
    private(set) var incumbent: CandidateResult?
    /// Set when the strategy can produce no new candidate.
    var exhausted = false
    /// Set by ``judgeStall()`` when the feasible yield of the last candidates fell under the
    /// settings' `stallYield`: what is left to find costs more look-ups than it can be worth.
    private(set) var stallReason: String?

    init(settings: SearchSettings) {
        self.settings = settings
    }

    var targets: [LatencyTarget] { settings.targets }
    var candidatesSeen: Int { history.count }

    var isFinished: Bool {
        exhausted || stallReason != nil || accuracyEvaluations >= settings.budget
            || history.count >= settings.maxCandidates
    }

    /// Why the search ended before its budget was spent; nil while it runs or once the budget is spent.
    var endReason: String? {
        if accuracyEvaluations >= settings.budget { return nil }
        if let stallReason { return stallReason }
        if exhausted { return "no new candidate is left in the space" }
        if history.count >= settings.maxCandidates { return "max candidates \(settings.maxCandidates) asked" }
        return nil
    }

    /// Applies the stall rule (see ``SearchSettings/stallWindow``) to the candidates told so far.
    /// Strategies whose every candidate costs an accuracy evaluation (penalty modes) skip it:
    /// their budget already bounds them.
    mutating func judgeStall() {
        let window = settings.stallWindow
        guard window > 0, stallReason == nil, history.count >= window, accuracyEvaluations < settings.budget else { return }
        let feasible = history.suffix(window).count { isFeasible($0) }
        guard Double(feasible) < settings.stallYield * Double(window) else { return }
        let percent = (settings.stallYield * 10_000).rounded() / 100
        stallReason =
            "stalled: \(feasible) of the last \(window) candidates met every target (under \(percent) %), "
            + "after \(accuracyEvaluations) accuracy evaluations"
    }

    /// How many candidates the next batch may hold: each may cost one accuracy evaluation, so the
    /// budget is never overspent, and the candidate limit is never passed.
    var room: Int {
        guard !isFinished, pending.isEmpty else { return 0 }
        return Swift.max(0, Swift.min(settings.budget - accuracyEvaluations, settings.maxCandidates - history.count))
    }

    func wasAsked(_ architecture: Architecture) -> Bool {
        asked.contains(architecture)
    }

    /// Records `batch` as asked and outstanding and returns it. An empty batch means nothing new
    /// is left in the (shrunk) space, which finishes the search.
    mutating func issue(_ batch: [Architecture]) -> [Architecture] {
        guard !batch.isEmpty else {
            exhausted = true
            return []
        }
        pending = batch
        asked.formUnion(batch)
        return batch
    }

    /// Takes the results of the outstanding batch and returns them aligned with it, in ask order.
    ///
    /// The protocol asks for results in ask order; a driver that breaks it is tolerated: results
    /// are matched by architecture, unknown ones are ignored and a candidate left without a
    /// result is recorded as failed (it is never asked again).
    mutating func accept(_ results: [CandidateResult]) -> [CandidateResult] {
        let batch = pending
        pending = []
        var aligned: [CandidateResult] = []
        aligned.reserveCapacity(batch.count)
        for (index, architecture) in batch.enumerated() {
            if results.indices.contains(index), results[index].architecture == architecture {
                aligned.append(results[index])
            } else if let match = results.first(where: { $0.architecture == architecture }) {
                aligned.append(match)
            } else {
                aligned.append(CandidateResult(architecture: architecture, latencyMs: [:], accuracy: nil, failed: true))
            }
        }
        aligned = aligned.map(Self.sanitized)
        for result in aligned {
            history.append(result)
            guard !result.failed, let accuracy = result.accuracy, accuracy.isFinite else { continue }
            if settings.budgetCountsInfeasible || targets.areMet(by: result.latencyMs) { accuracyEvaluations += 1 }
            // Strictly better only, so ties keep the first found.
            if targets.areMet(by: result.latencyMs), accuracy > (incumbent?.accuracy ?? -.infinity) {
                incumbent = result
            }
        }
        return aligned
    }

    /// Non-finite figures cannot be ranked (nor written to a JSON checkpoint): a non-finite
    /// latency counts as a failed measurement, a non-finite accuracy as a failed evaluation.
    private static func sanitized(_ result: CandidateResult) -> CandidateResult {
        var clean = result
        clean.latencyMs = result.latencyMs.filter { $0.value.isFinite }
        if let accuracy = result.accuracy, !accuracy.isFinite {
            clean.accuracy = nil
            clean.failed = true
        }
        return clean
    }

    /// Whether `result` is feasible and evaluated (Deb's first class).
    func isFeasible(_ result: CandidateResult) -> Bool {
        DebRules.standing(of: result, targets: targets) == .feasible
    }
}
