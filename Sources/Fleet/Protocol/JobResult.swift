/// A worker's answer to a job (the body of a `result` message).
public struct JobResult: Sendable, Hashable {
    /// The ``JobSpec/jobID`` of the job answered.
    public var jobID: String
    /// Named figures, e.g. `valid_accuracy`, `test_accuracy`, `latency_ms`.
    public var metrics: [String: Double]
    /// `measured`, `replay`, `table` or `proxy`: replayed and table values are never called measured.
    public var source: String
    /// Raw repeated measurements, when the job measured something.
    public var samples: [Double]
    /// Where it ran: runtime, versions, CPU, threads, …
    public var environment: [String: String]

    /// The answer to `jobID`, with no samples or environment unless given.
    public init(
        jobID: String, metrics: [String: Double], source: String, samples: [Double] = [],
        environment: [String: String] = [:]
    ) {
        self.jobID = jobID
        self.metrics = metrics
        self.source = source
        self.samples = samples
        self.environment = environment
    }
}
