import SearchSpace

/// What the evaluators said about one asked candidate, told back to a ``SearchStrategy``.
public struct CandidateResult: Sendable, Codable, Hashable {
    /// The asked candidate this result is for.
    public var architecture: Architecture
    /// Latency in ms per target device; a device is missing when its measurement failed.
    public var latencyMs: [String: Double]
    /// The selection accuracy (validation accuracy, or a proxy); `nil` when it was not
    /// evaluated (the candidate broke a hard constraint) or its evaluation failed.
    public var accuracy: Double?
    /// True when an evaluation failed for good (after its retries).
    public var failed: Bool

    /// A told result; not failed unless `failed` says so.
    public init(architecture: Architecture, latencyMs: [String: Double], accuracy: Double?, failed: Bool = false) {
        self.architecture = architecture
        self.latencyMs = latencyMs
        self.accuracy = accuracy
        self.failed = failed
    }
}
