/// How a target's latency is predicted so that not every candidate has to be measured — the
/// values of a target's `model:` field.
public enum TargetLatencyModel: String, Sendable, Hashable, Codable, CaseIterable {
    /// The device's profiled operator table (HSCoNAS's hardware model) with its online correction;
    /// candidates whose prediction interval (leave-one-out error) holds the limit are measured, or
    /// those within a fixed `band` of it when the target sets one.
    case table
    /// A regression learned from the device's own measurements during the search (on nb201 on the
    /// benchmark table's best-correlated devices); candidates whose prediction interval holds the
    /// limit are measured.
    case regression
    /// No model: every candidate is measured.
    case none
}
