/// Which candidates a target's latency model decides without a measurement — the values of a
/// target's `decide:` field.
public enum TargetDecisionRule: String, Sendable, Hashable, Codable, CaseIterable {
    /// Only those the model can decide (clearly on one side of the limit); the rest are measured.
    case interval
    /// Past calibration, an undecided candidate predicted under the limit is decided on its
    /// prediction too and measured only once its accuracy would rank among the `confirm_top` best.
    case lazy
    /// The same on both sides of the limit; the budget then counts feasible candidates only.
    case lazyAll = "lazy-all"
}
