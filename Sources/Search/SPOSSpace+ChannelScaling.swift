import SearchSpace

extension SPOSSpace: ChannelScalableSpace {
    /// The ratio genes of each stage's layers.
    public var channelGroups: [[Int]] {
        var groups: [[Int]] = Array(repeating: [], count: Self.stageDepths.count)
        for layer in 0..<Self.layerCount { groups[Self.stageOfLayer[layer]].append(2 * layer + 1) }
        return groups
    }

    /// Multiply-accumulates of the network, from a per-(layer, block, ratio) table read once from
    /// the covering networks (exact; a test checks it against the graph): microseconds instead of
    /// building a graph.
    public func work(of architecture: Architecture) -> Double {
        let table = SPOSWorkTable.shared
        var total = table.fixed
        let genes = architecture.genes
        for layer in 0..<Self.layerCount where 2 * layer + 1 < genes.count {
            total += table.work(layer: layer, block: genes[2 * layer], ratio: genes[2 * layer + 1])
        }
        return total
    }
}
