/// What a strategy decided since its driver last drained it: progressive-space-shrinking steps,
/// dynamic-channel-scaling decisions and updates of the LightNAS multiplier, each in the order made.
///
/// Drivers log and store these as they come (see ``SearchStrategy/drainEvents()``), so they never
/// diff a strategy's logs by index.
public struct SearchEvents: Sendable, Hashable {
    public var shrinks: [ShrinkEvent]
    public var channelScalings: [ChannelScalingEvent]
    public var lambdaUpdates: [LambdaUpdate]

    public init(shrinks: [ShrinkEvent] = [], channelScalings: [ChannelScalingEvent] = [], lambdaUpdates: [LambdaUpdate] = []) {
        self.shrinks = shrinks
        self.channelScalings = channelScalings
        self.lambdaUpdates = lambdaUpdates
    }

    /// True when nothing was decided.
    public var isEmpty: Bool {
        shrinks.isEmpty && channelScalings.isEmpty && lambdaUpdates.isEmpty
    }
}
