/// A worker's report that a job could not be done (the body of a `failed` message).
public struct JobFailure: Sendable, Hashable {
    /// The ``JobSpec/jobID`` of the job that failed.
    public var jobID: String
    /// What went wrong, for a person.
    public var error: String
    /// Whether another attempt (possibly elsewhere) may succeed.
    public var retryable: Bool

    /// Reports that `jobID` failed with `error`.
    public init(jobID: String, error: String, retryable: Bool) {
        self.jobID = jobID
        self.error = error
        self.retryable = retryable
    }
}
