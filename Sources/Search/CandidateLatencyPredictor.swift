import SearchSpace

/// A device's hardware model as a search sees it: a cheap, synchronous prediction.
///
/// The driver hands the strategy a fresh value before every `ask()` (the model's correction
/// changes as real measurements arrive). Dynamic channel scaling calls it a few hundred times
/// per candidate, so it should answer in microseconds (the operator-table model sums a table).
public protocol CandidateLatencyPredictor: Sendable {
    /// The predicted latency (ms) of `architecture` on `device`; nil when the device has no model yet.
    func predictedLatencyMs(of architecture: Architecture, device: String) -> Double?
}
