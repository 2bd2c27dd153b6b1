import SearchSpace

/// A space whose architectures have channel-ratio genes next to their operator genes, so
/// dynamic channel scaling can choose the channels of a given operator configuration.
public protocol ChannelScalableSpace: SearchSpace {
    /// The channel-ratio gene positions, grouped into the units widened together first
    /// (spos: the layers of a stage). Each gene's choices are ordered from narrowest to widest.
    var channelGroups: [[Int]] { get }
    /// The work the network does (multiply-accumulates for one sample): the width dynamic
    /// channel scaling buys with latency.
    func work(of architecture: Architecture) -> Double
}

extension ChannelScalableSpace {
    /// Every channel-ratio gene position, in gene order.
    public var channelPositions: [Int] { channelGroups.flatMap { $0 }.sorted() }

    /// The positions that are not channel ratios (spos: the block of each layer).
    public var operatorPositions: [Int] {
        let channels = Set(channelPositions)
        return positions.indices.filter { !channels.contains($0) }
    }
}
