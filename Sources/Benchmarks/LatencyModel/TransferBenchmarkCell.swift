
/// One (table, device, N, model) figure of `hsconas bench transfer`: medians over seeds of the
/// scores on every network not among the N measured.
public struct TransferBenchmarkCell: Sendable, Hashable, Codable {
    public var space: String
    public var device: String
    /// Networks measured on the device (N).
    public var samples: Int
    /// `transfer` (from the other devices' full columns) or `per-position` (the device's N alone).
    public var model: String
    public var seeds: Int
    public var spearmanRho: Double
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
