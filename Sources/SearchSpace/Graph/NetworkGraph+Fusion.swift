extension NetworkGraph {
    /// The graph cut into the units a runtime executes, in execution order, each a list of node ids
    /// with the anchor first: convolution → batch norm → ReLU, batch norm → ReLU and concatenation →
    /// channel shuffle fuse when each later node is the earlier one's only consumer (and the earlier
    /// one is not the output); every other node stands alone. The input and channel slices (views)
    /// form no unit. The engine runs these groups and operator tables are keyed by them, so the two
    /// always agree on what one operator is.
    public func fusionGroups() -> [[Int]] {
        var consumers = Array(repeating: [Int](), count: nodes.count)
        for node in nodes {
            for input in node.inputs { consumers[input].append(node.id) }
        }
        func only(_ id: Int, _ match: (GraphOperation) -> Bool) -> Int? {
            guard id != output, consumers[id].count == 1, match(nodes[consumers[id][0]].operation) else { return nil }
            return consumers[id][0]
        }
        let isBatchNorm: (GraphOperation) -> Bool = { if case .batchNorm = $0 { true } else { false } }
        let isReLU: (GraphOperation) -> Bool = { if case .relu = $0 { true } else { false } }
        let isShuffle: (GraphOperation) -> Bool = { if case .channelShuffle = $0 { true } else { false } }

        var absorbed = Set<Int>()
        var groups: [[Int]] = []
        for node in nodes where !absorbed.contains(node.id) {
            var group = [node.id]
            switch node.operation {
            case .input, .channelSlice:
                continue
            case .convolution:
                if let norm = only(node.id, isBatchNorm) {
                    group.append(norm)
                    if let relu = only(norm, isReLU) { group.append(relu) }
                }
            case .batchNorm:
                if let relu = only(node.id, isReLU) { group.append(relu) }
            case .concat:
                if let shuffle = only(node.id, isShuffle) { group.append(shuffle) }
            default:
                break
            }
            absorbed.formUnion(group)
            groups.append(group)
        }
        return groups
    }
}
