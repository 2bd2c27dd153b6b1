import SearchSpace

/// One dynamic-channel-scaling decision: a bred candidate and the widened one that was asked.
public struct ChannelScalingEvent: Sendable, Codable, Hashable {
    /// Generation in which the candidate was bred.
    public var generation: Int
    /// The candidate as bred (its operators are kept; its channel ratios are replaced).
    public var before: Architecture
    /// The candidate as widened: what is evaluated.
    public var after: Architecture
    /// Channel ratio per scaled gene (spos: one per layer) before and after.
    public var ratiosBefore: [Double]
    /// Channel ratio per scaled gene of `after`.
    public var ratiosAfter: [Double]
    /// Device → the model's predicted latency (ms) of `after`.
    public var predictedMs: [String: Double]
    /// Device → its latency target T (ms).
    public var targetMs: [String: Double]

    /// One decision, as ``HSCoNASEvolution`` logs it when it asks a widened child.
    public init(
        generation: Int, before: Architecture, after: Architecture, ratiosBefore: [Double], ratiosAfter: [Double],
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

    /// The tightest device's predicted latency / T: how much of the budget the widened candidate uses.
    public var budgetUse: Double {
        targetMs.compactMap { device, limit in predictedMs[device].map { $0 / limit } }.max() ?? 0
    }
}
