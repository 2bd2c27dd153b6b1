/// The metrics a user evaluator answered for one architecture.
public struct CommandEvaluation: Sendable, Hashable {
    /// At least `valid_accuracy`; anything else numeric the evaluator returned.
    public let metrics: [String: Double]
    /// `name` / `version` from the evaluator's ready line.
    public let identity: [String: String]
}
