import SearchSpace

/// The figures a driver has collected so far for one asked candidate, while
/// ``BatchEvaluationRule`` decides what it needs next.
public struct CandidateFigures: Sendable, Hashable {
    /// The asked candidate these figures are for.
    public let architecture: Architecture
    /// Latency in ms per target device answered so far (measured, replayed or predicted).
    public private(set) var latencyMs: [String: Double] = [:]
    /// Target devices whose latency is still to be had.
    public private(set) var missingDevices: Set<String>
    /// The selection accuracy once answered; nil before, or when its evaluation failed.
    public private(set) var accuracy: Double?
    /// Whether the accuracy evaluation has answered (with a figure or a failure).
    public private(set) var accuracyAnswered = false
    /// True once a latency or the accuracy failed for good.
    public private(set) var failed = false

    /// No figures yet: a latency is missing for each of `devices`.
    public init(architecture: Architecture, devices: Set<String>) {
        self.architecture = architecture
        missingDevices = devices
    }

    /// Notes a device's latency; nil when its measurement failed.
    public mutating func settleLatency(_ value: Double?, device: String) {
        missingDevices.remove(device)
        if let value { latencyMs[device] = value } else { failed = true }
    }

    /// Notes the accuracy evaluation's answer; nil when it failed.
    public mutating func settleAccuracy(_ value: Double?) {
        accuracyAnswered = true
        accuracy = value
        if value == nil { failed = true }
    }

    /// What is told to the strategy.
    public var result: CandidateResult {
        CandidateResult(architecture: architecture, latencyMs: latencyMs, accuracy: accuracy, failed: failed)
    }
}
