import GRDB

/// One dynamic-channel-scaling decision, as stored: the candidate as bred and as widened, its
/// per-layer channel ratios before and after, and its predicted latency against each target.
/// The lists and maps are stored as JSON text.
public struct ChannelScalingRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    /// Stored in the `channel_scaling` table, one row per (generation, before, after).
    public static let databaseTableName = "channel_scaling"

    /// Generation in which the candidate was bred.
    public var generation: Int
    /// The candidate as bred, in the space's string form.
    public var before: String
    /// The widened candidate that was evaluated, in the space's string form.
    public var after: String
    /// Channel ratio per scaled gene (spos: one per layer) as bred.
    public var ratiosBefore: [Double]
    /// Channel ratio per scaled gene after widening.
    public var ratiosAfter: [Double]
    /// Predicted latency of the widened candidate per device, in ms (`predicted`, not measured).
    public var predictedMs: [String: Double]
    /// The latency limit per device, in ms.
    public var targetMs: [String: Double]

    /// A decision as the search reported it; `predictedMs` and `targetMs` map device to ms.
    public init(
        generation: Int, before: String, after: String, ratiosBefore: [Double], ratiosAfter: [Double],
        predictedMs: [String: Double], targetMs: [String: Double]
    ) {
        self.generation = generation
        self.before = before
        self.after = after
        self.ratiosBefore = ratiosBefore
        self.ratiosAfter = ratiosAfter
        self.predictedMs = predictedMs
        self.targetMs = targetMs
    }
}
