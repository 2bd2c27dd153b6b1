/// How a search treats its latency targets (Docs/design.md §4).
public enum ConstraintMode: String, Sendable, Codable, CaseIterable {
    /// Hard constraints: a candidate over any target is infeasible (Deb's rules), children are
    /// screened and, on spaces with channels, widened by dynamic channel scaling to use the budget.
    case hard
    /// LightNAS: every candidate is evaluated and ranked by accuracy − λ·(latency/T − 1), with λ
    /// steered each generation by the elite's side of the target (see ``LatencyMultiplier``).
    case lambda
}
