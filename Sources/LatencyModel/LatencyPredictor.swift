import SearchSpace

/// A latency model: fitted on measured networks, it predicts the latency of others.
///
/// Implementations: ``PositionTableRegression`` (an additive per-position table fitted by least
/// squares), ``MLPLatencyModel`` (LightNAS's small MLP) and ``OperatorTableModel`` (HSCoNAS's
/// profiled operator table with a fitted linear correction). `score(_:)` rates any of them on
/// held-out networks the same way.
public protocol LatencyPredictor: Sendable {
    /// Fits the model to `samples`, replacing any earlier fit.
    mutating func fit(_ samples: [LatencySample]) throws(LatencyModelError)

    /// Predicted latency (ms) of one network; NaN when it does not belong to the model's space.
    /// Only meaningful after a successful ``fit(_:)``.
    func predict(_ architecture: Architecture) -> Double

    /// Predicted latencies (ms) of many networks, in order. Models with a faster batched path
    /// override the default, which calls ``predict(_:)`` once per network.
    func predict(_ architectures: [Architecture]) -> [Double]
}

extension LatencyPredictor {
    /// Predicts each network on its own, in order.
    public func predict(_ architectures: [Architecture]) -> [Double] {
        architectures.map { predict($0) }
    }

    /// RMSE, MAPE, ±10 % share and Kendall τ of the model's predictions on `samples`.
    public func score(_ samples: [LatencySample]) -> LatencyScore {
        LatencyScore(
            predicted: predict(samples.map(\.architecture)), measured: samples.map(\.latencyMs))
    }
}
