import LatencyModel
import Search
import SearchSpace

/// The search's per-device hardware models at one moment, as a `Sendable` value the strategy
/// can keep: each device's operator table with the correction a · Σ table + b fitted so far.
/// The driver hands a fresh one to the strategy before every `ask()`, because the corrections
/// move as measurements arrive.
public struct LatencyModelSnapshot: CandidateLatencyPredictor {
    /// Each device's model, by device name.
    public let models: [String: CorrectedOperatorTable]

    /// A snapshot of these models, by device name.
    public init(models: [String: CorrectedOperatorTable]) {
        self.models = models
    }

    /// The corrected prediction in ms; nil when the device has no model or the table misses an
    /// operator of the network.
    public func predictedLatencyMs(of architecture: Architecture, device: String) -> Double? {
        guard let model = models[device] else { return nil }
        let value = model.predict(architecture)
        return value.isFinite ? value : nil
    }
}
