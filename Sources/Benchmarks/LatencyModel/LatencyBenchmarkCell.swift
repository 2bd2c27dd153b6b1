import LatencyModel


/// One figure of `hsconas bench latency`: a model fitted on `samples` networks of one device,
/// scored on every other network, summarised over seeds by the median.
public struct LatencyBenchmarkCell: Sendable, Hashable, Codable {
    /// The table's space (`nb201`, `fbnet`).
    public var space: String
    /// The device column.
    public var device: String
    /// Networks fitted on.
    public var samples: Int
    /// The regression (`table`) or the MLP.
    public var model: LatencyModelKind
    /// Seeds (splits and MLP initialisations) the medians are over.
    public var seeds: Int
    /// Median share (0…1) of held-out networks within ±10 %.
    public var within10: Double
    /// Median Kendall τ on the held-out networks.
    public var kendallTau: Double
    /// Median MAPE (%).
    public var mape: Double
    /// Median RMSE (ms).
    public var rmse: Double

    /// Creates a cell from its medians.
    public init(
        space: String, device: String, samples: Int, model: LatencyModelKind, seeds: Int, within10: Double,
        kendallTau: Double, mape: Double, rmse: Double
    ) {
        self.space = space
        self.device = device
        self.samples = samples
        self.model = model
        self.seeds = seeds
        self.within10 = within10
        self.kendallTau = kendallTau
        self.mape = mape
        self.rmse = rmse
    }
}
