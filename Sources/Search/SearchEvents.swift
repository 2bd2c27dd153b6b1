/// What a strategy decided since its driver last drained it: progressive-space-shrinking steps,
/// dynamic-channel-scaling decisions and updates of the LightNAS multiplier, each in the order made.
///
/// Drivers log and store these as they come (see ``SearchStrategy/drainEvents()``), so they never
/// diff a strategy's logs by index.
public struct SearchEvents: Sendable, Hashable {
    /// Progressive-space-shrinking steps taken.
    public var shrinks: [ShrinkEvent]
    /// Dynamic-channel-scaling decisions made.
    public var channelScalings: [ChannelScalingEvent]
    /// Updates of the LightNAS multiplier λ.
    public var lambdaUpdates: [LambdaUpdate]

    /// The events given; none by default.
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
