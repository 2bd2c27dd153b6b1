import Search
import SearchSpace

/// Every decision of a search's HSCoNAS machinery, written as `search-log.json` next to
/// `result.json`: each dynamic-channel-scaling step, each λ update, each progressive shrink and
/// the space size over time.
public struct SearchLog: Sendable, Codable, Hashable {
    /// One candidate widened by dynamic channel scaling: as bred, as evaluated, the per-layer
    /// channel ratios before and after, and its predicted latency against each target.
    public struct Scaling: Sendable, Codable, Hashable {
        /// Generation in which the candidate was bred.
        public var generation: Int
        /// The candidate as bred, in the space's text form.
        public var before: String
        /// The candidate as widened (what was evaluated), in the space's text form.
        public var after: String
        /// Channel ratio per scaled gene (spos: one per layer) as bred.
        public var ratiosBefore: [Double]
        /// Channel ratio per scaled gene as widened.
        public var ratiosAfter: [Double]
        /// Device → the model's predicted latency of the widened candidate, in ms.
        public var predictedMs: [String: Double]
        /// Device → its latency target, in ms.
        public var targetMs: [String: Double]

        /// The entry of `event`, its architectures written in `space`'s text form.
        public init(_ event: ChannelScalingEvent, space: any SearchSpace) {
            generation = event.generation
            before = space.format(event.before)
            after = space.format(event.after)
            ratiosBefore = event.ratiosBefore
            ratiosAfter = event.ratiosAfter
            predictedMs = event.predictedMs
            targetMs = event.targetMs
        }

        /// Channel ratios as the log and the summary print them: `[0.2 0.4 1.6 …]`.
        public static func text(ofRatios values: [Double]) -> String {
            "[" + values.map { String(format: "%.1f", $0) }.joined(separator: " ") + "]"
        }

        enum CodingKeys: String, CodingKey {
            case generation, before, after
            case ratiosBefore = "ratios_before"
            case ratiosAfter = "ratios_after"
            case predictedMs = "predicted_ms"
            case targetMs = "target_ms"
        }
    }

    /// One λ update of a `lambda` search, from the elite's worst latency / T.
    public struct LambdaStep: Sendable, Codable, Hashable {
        /// Generation at whose end λ was updated.
        public var generation: Int
        /// The elite's worst latency / T over the targets (> 1: over the target).
        public var eliteLatencyRatio: Double
        /// λ before the update.
        public var lambdaBefore: Double
        /// λ after the update.
        public var lambdaAfter: Double

        /// The entry of `update`.
        public init(_ update: LambdaUpdate) {
            generation = update.generation
            eliteLatencyRatio = update.eliteLatencyRatio
            lambdaBefore = update.lambdaBefore
            lambdaAfter = update.lambdaAfter
        }

        enum CodingKeys: String, CodingKey {
            case generation
            case eliteLatencyRatio = "elite_latency_ratio"
            case lambdaBefore = "lambda_before"
            case lambdaAfter = "lambda_after"
        }
    }

    /// Every dynamic-channel-scaling step, in order.
    public var channelScaling: [Scaling]
    /// Every λ update, in order (only a `lambda` search makes any).
    public var lambda: [LambdaStep]
    /// Every progressive-shrinking step, in order.
    public var shrinks: [SearchResult.Shrink]
    /// The space size at the start, then after each generation in which it changed.
    public var spaceSize: [SearchResult.SpaceSize]

    /// A log of these decisions; ``SearchSession`` builds it from the finished strategy.
    public init(
        channelScaling: [Scaling], lambda: [LambdaStep], shrinks: [SearchResult.Shrink], spaceSize: [SearchResult.SpaceSize]
    ) {
        self.channelScaling = channelScaling
        self.lambda = lambda
        self.shrinks = shrinks
        self.spaceSize = spaceSize
    }

    enum CodingKeys: String, CodingKey {
        case channelScaling = "channel_scaling"
        case lambda, shrinks
        case spaceSize = "space_size"
    }
}
