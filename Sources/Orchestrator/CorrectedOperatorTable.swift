import LatencyModel
import SearchSpace

/// A device's operator table with the search's correction a · Σ table + b, as a `Sendable` value.
///
/// A least-squares offset b < 0 (noisy measurements on a loaded host) can take a small network
/// below zero; a latency is never ≤ 0, so such a network gets the scale-only prediction
/// `fallbackScale` · Σ table (the median measured / table sum), which is positive by construction.
public struct CorrectedOperatorTable: Sendable {
    /// The table with the fitted correction.
    public let model: OperatorTableModel
    /// Median measured / table sum so far; nil before the first measurement (then 1).
    public let fallbackScale: Double?

    /// The fitted table with its scale-only fallback (nil: 1).
    public init(model: OperatorTableModel, fallbackScale: Double?) {
        self.model = model
        self.fallbackScale = fallbackScale
    }

    /// The corrected prediction in ms: positive, or not finite when the table misses an operator.
    public func predict(_ architecture: Architecture) -> Double {
        let prediction = model.predict(architecture)
        guard prediction <= 0 else { return prediction }
        return (fallbackScale ?? 1) * model.tableSum(architecture)
    }
}
