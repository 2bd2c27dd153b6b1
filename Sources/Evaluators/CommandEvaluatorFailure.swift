/// Why a user evaluator gave no metrics for a job.
public struct CommandEvaluatorFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    /// True for failures of the process (crash, timeout) that another attempt may not meet.
    public let retryable: Bool

    public var description: String { message }
}
