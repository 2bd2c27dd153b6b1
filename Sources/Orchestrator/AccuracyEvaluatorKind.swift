import SearchSpace

/// Where accuracy (or its stand-in) comes from on accuracy workers.
public enum AccuracyEvaluatorKind: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    /// The NAS-Bench-201 table's validation accuracy (nb201 only).
    case table
    /// The NASWOT training-free proxy score, computed on the worker's CPU.
    case proxy
    /// The user's evaluator process (JSON lines; Docs/evaluators.md).
    case command

    /// The name a config uses: `table`, `proxy` or `command`.
    public var description: String { rawValue }

    /// The default of a space: its benchmark table where it has one, else the proxy.
    public static func defaultFor(_ space: SpaceKind) -> AccuracyEvaluatorKind {
        space.hasBenchmarkTable ? .table : .proxy
    }
}
