import SearchSpace

/// An ask/tell search: it proposes candidates and is told their results, and never does I/O.
///
/// The driver evaluates each asked batch completely (latency on every target first, then
/// accuracy for the candidates that meet every hard target, or for all of them when
/// ``needsAccuracyOfInfeasible`` is set) and tells the results in the order asked. Because a
/// strategy only consumes its own seeded generator and sees results in ask order, the same seed
/// and deterministic evaluators give the same search whatever the number of workers or the
/// order in which results arrive.
public protocol SearchStrategy: Sendable, Codable {
    /// Short name used in configs and reports (`hsconas`, `random`, `regularized-evolution`).
    var name: String { get }
    /// The hard latency targets every returned architecture must meet.
    var targets: [LatencyTarget] { get }
    /// True once the budget is spent or the space is exhausted; `ask` then returns nothing.
    var isFinished: Bool { get }
    /// Why the strategy finished before its budget was spent (the space exhausted, the candidate
    /// limit, a stall); nil while it runs or once the budget is spent.
    var endReason: String? { get }
    /// Accuracy evaluations told so far (the budget counts these, not latency look-ups).
    var accuracyEvaluations: Int { get }
    /// Candidates told so far, evaluated for accuracy or not.
    var candidatesSeen: Int { get }
    /// Whether infeasible candidates also need an accuracy evaluation (penalty-based modes).
    var needsAccuracyOfInfeasible: Bool { get }
    /// The best feasible candidate so far by selection accuracy (ties: first found).
    var incumbent: CandidateResult? { get }
    /// Generation counter, for progress and checkpoints.
    var generation: Int { get }
    /// Every progressive-space-shrinking step taken so far.
    var shrinkLog: [ShrinkEvent] { get }
    /// The next batch of new candidates (never one already asked); empty when finished.
    mutating func ask() -> [Architecture]
    /// Results for exactly the last asked batch, in the order asked.
    mutating func tell(_ results: [CandidateResult])
    /// Hands the strategy the devices' current hardware models; drivers call it before every
    /// `ask()`. Strategies that do not use a model ignore it.
    mutating func useLatencyPredictor(_ predictor: (any CandidateLatencyPredictor)?)
    /// Every dynamic-channel-scaling decision so far (empty for strategies without it).
    var scalingLog: [ChannelScalingEvent] { get }
    /// Every update of the LightNAS multiplier so far (empty outside `constraint: lambda`).
    var lambdaLog: [LambdaUpdate] { get }
    /// Hands over the events decided since the last call (shrinking steps, channel-scaling
    /// decisions, λ updates) and forgets them. Drivers call it after every `ask()` and `tell(_:)`.
    /// A strategy decoded from a checkpoint has none pending: those were handed over before it was saved.
    mutating func drainEvents() -> SearchEvents
}

extension SearchStrategy {
    /// Ignores the predictor: the strategy uses no hardware model.
    public mutating func useLatencyPredictor(_ predictor: (any CandidateLatencyPredictor)?) {}
    /// Empty: the strategy does no channel scaling.
    public var scalingLog: [ChannelScalingEvent] { [] }
    /// Empty: the strategy has no LightNAS multiplier.
    public var lambdaLog: [LambdaUpdate] { [] }
    /// None: the strategy decides no events.
    public mutating func drainEvents() -> SearchEvents { SearchEvents() }
    /// Nil: the strategy reports no reason.
    public var endReason: String? { nil }
}
