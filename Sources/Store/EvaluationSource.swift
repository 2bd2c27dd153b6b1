/// Where a figure came from. `replay` and `table` values come from benchmark tables and are
/// never presented as measured.
public enum EvaluationSource: String, Sendable, Codable, CaseIterable {
    /// Measured for real on the worker's hardware.
    case measured
    /// Latency replayed from a benchmark table for a device that is not here.
    case replay
    /// Accuracy looked up in a benchmark table.
    case table
    /// A training-free proxy score, not an accuracy.
    case proxy
    /// Answered by the user's own accuracy evaluator process (`hsconas worker --evaluator command`).
    case evaluator
    /// Predicted by the device's latency model, not measured (stored as `latency_predicted_ms`).
    case predicted
}
