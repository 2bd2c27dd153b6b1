import SearchSpace

/// A latency model learned online from a device's measurements, with an uncertainty per
/// prediction (``UncertainLatencyRegression``, ``FleetTransferRegression``).
public protocol UncertainLatencyModel: Sendable {
    /// Networks learned from.
    var samples: Int { get }
    mutating func learn(_ architecture: Architecture, latencyMs: Double)
    /// The prediction; nil when the model cannot predict this network (yet).
    func predict(_ architecture: Architecture) -> UncertainLatencyRegression.Prediction?
}

extension UncertainLatencyRegression: UncertainLatencyModel {}
extension FleetTransferRegression: UncertainLatencyModel {}
