import Measurement
/// How well predicted latencies match measured ones on held-out networks (Docs/design.md §5).
public struct LatencyScore: Sendable, Hashable, Codable {
    /// Networks scored.
    public var count: Int
    /// Root mean square error, ms.
    public var rmse: Double
    /// Mean absolute percentage error, % of the measured latency.
    public var mape: Double
    /// Share (0…1) of networks predicted within ±10 % of their measured latency.
    public var within10: Double
    /// Kendall's τ-b between predicted and measured latencies.
    public var kendallTau: Double

    /// Takes figures computed elsewhere, as given.
    public init(count: Int, rmse: Double, mape: Double, within10: Double, kendallTau: Double) {
        self.count = count
        self.rmse = rmse
        self.mape = mape
        self.within10 = within10
        self.kendallTau = kendallTau
    }

    /// Scores `predicted` against `measured` (paired by index; measured latencies positive).
    /// A non-finite prediction counts as outside ±10 % and makes RMSE and MAPE infinite.
    public init(predicted: [Double], measured: [Double]) {
        precondition(predicted.count == measured.count, "a score needs one prediction per measurement")
        let count = measured.count
        var squared = 0.0, relative = 0.0, within = 0
        for (prediction, truth) in zip(predicted, measured) {
            let error = prediction.isFinite ? prediction - truth : .infinity
            squared += error * error
            relative += abs(error) / truth
            // A hair of tolerance so that exactly 10 % off, computed in floating point, counts as within.
            if abs(error) <= 0.1 * truth * (1 + 1e-12) { within += 1 }
        }
        let n = Double(max(count, 1))
        self.init(
            count: count, rmse: (squared / n).squareRoot(), mape: 100 * relative / n,
            within10: Double(within) / n, kendallTau: RankCorrelation.kendallTau(predicted, measured))
    }
}
