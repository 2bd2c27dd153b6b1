/// Why a user evaluator gave no metrics for a job.
public struct CommandEvaluatorFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong: the evaluator's error, a timeout, a crash or a malformed answer.
    public let message: String
    /// True for failures of the process (crash, timeout) that another attempt may not meet.
    public let retryable: Bool

    /// The message itself.
    public var description: String { message }
}
