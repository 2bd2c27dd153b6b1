
/// One (table, device, N, model) figure of `hsconas bench transfer`: medians over seeds of the
/// scores on every network not among the N measured.
public struct TransferBenchmarkCell: Sendable, Hashable, Codable {
    /// The table's space (`nb201`, `fbnet`).
    public var space: String
    /// The device predicted, of which only N networks are known.
    public var device: String
    /// Networks measured on the device (N).
    public var samples: Int
    /// `transfer` (from the other devices' full columns) or `per-position` (the device's N alone).
    public var model: String
    /// Seeds (training splits) the medians are over.
    public var seeds: Int
    /// Median Spearman ρ between predicted and measured latency on the held-out networks.
    public var spearmanRho: Double
    /// Median Kendall τ between predicted and measured latency on the held-out networks.
    public var kendallTau: Double
    /// Share of held-out networks predicted within ±10 %.
    public var within10: Double

    enum CodingKeys: String, CodingKey {
        case space, device, samples, model, seeds
        case spearmanRho = "spearman_rho"
        case kendallTau = "kendall_tau"
        case within10 = "within_10"
    }
}
