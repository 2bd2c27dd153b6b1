import GRDB

/// One dynamic-channel-scaling decision, as stored: the candidate as bred and as widened, its
/// per-layer channel ratios before and after, and its predicted latency against each target.
/// The lists and maps are stored as JSON text.
public struct ChannelScalingRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "channel_scaling"

    public var generation: Int
    public var before: String
    public var after: String
    public var ratiosBefore: [Double]
    public var ratiosAfter: [Double]
    /// Predicted latency of the widened candidate per device, in ms (`predicted`, not measured).
    public var predictedMs: [String: Double]
    /// The latency limit per device, in ms.
    public var targetMs: [String: Double]

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
