/// Everything a run store holds that a report shows, read in one transaction without writing.
///
/// Tables that an older hsconas did not write are `nil` (not recorded), never an empty list, so a
/// reader can tell "nothing happened" from "this store does not know".
public struct RunContents: Sendable {
    /// The store file that was read.
    public var path: String
    /// The run row; `nil` when the store has none (an empty store).
    public var run: RunRecord?
    /// In insertion order.
    public var evaluations: [EvaluationRecord]
    /// Every checkpoint without its state, by generation.
    public var checkpoints: [CheckpointSummary]
    /// The shrink log, in insertion order.
    public var shrinks: [ShrinkRecord]
    /// Channel-scaling decisions in insertion order; nil in a store older than that table.
    public var channelScaling: [ChannelScalingRecord]?
    /// λ updates in insertion order; nil in a store older than that table.
    public var lambdaUpdates: [LambdaRecord]?
    /// Fleet events in insertion order; nil in a store older than that table.
    public var fleetEvents: [FleetEventRecord]?
    /// Limits resolved from relative ones (`max_latency: pNN`); nil in a store older than that table.
    public var limits: [LatencyLimitRecord]?

    /// Contents as read; `limits` defaults to nil (not recorded).
    public init(
        path: String, run: RunRecord?, evaluations: [EvaluationRecord], checkpoints: [CheckpointSummary],
        shrinks: [ShrinkRecord], channelScaling: [ChannelScalingRecord]?, lambdaUpdates: [LambdaRecord]?,
        fleetEvents: [FleetEventRecord]?, limits: [LatencyLimitRecord]? = nil
    ) {
        self.path = path
        self.run = run
        self.evaluations = evaluations
        self.checkpoints = checkpoints
        self.shrinks = shrinks
        self.channelScaling = channelScaling
        self.lambdaUpdates = lambdaUpdates
        self.fleetEvents = fleetEvents
        self.limits = limits
    }
}
