/// What a candidate needs next, as ``BatchEvaluationRule`` decides it.
public enum FigureRequest: Sendable, Hashable {
    /// Its latency on these devices (in target order).
    case latency(devices: [String])
    /// Its accuracy: it meets every target, or the strategy wants infeasible candidates evaluated too.
    case accuracy
    /// Nothing more: it is complete, failed, or infeasible and not worth an accuracy evaluation.
    case nothing
}
