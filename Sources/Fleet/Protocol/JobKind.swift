/// What a job asks a worker to do.
public enum JobKind: String, Sendable, Hashable, CaseIterable {
    /// Evaluate an architecture's accuracy (any capable worker; shared across devices).
    case accuracy
    /// Measure (or replay) an architecture's latency on the worker's own device.
    case latency
    /// Profile per-operator latencies on the worker's device.
    case profile
}
