import Search
import SearchSpace

/// Every decision of a search's HSCoNAS machinery, written as `search-log.json` next to
/// `result.json`: each dynamic-channel-scaling step, each λ update, each progressive shrink and
/// the space size over time.
public struct SearchLog: Sendable, Codable, Hashable {
    /// One candidate widened by dynamic channel scaling: as bred, as evaluated, the per-layer
    /// channel ratios before and after, and its predicted latency against each target.
    public struct Scaling: Sendable, Codable, Hashable {
        public var generation: Int
        public var before: String
        public var after: String
        public var ratiosBefore: [Double]
        public var ratiosAfter: [Double]
        public var predictedMs: [String: Double]
        public var targetMs: [String: Double]

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
        public var generation: Int
        public var eliteLatencyRatio: Double
        public var lambdaBefore: Double
        public var lambdaAfter: Double

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

    public var channelScaling: [Scaling]
    public var lambda: [LambdaStep]
    public var shrinks: [SearchResult.Shrink]
    public var spaceSize: [SearchResult.SpaceSize]

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
