/// A network as one graph that everything consumes: runtimes execute it, exporters write it,
/// and FLOPs and parameters are counted on it. Nodes are in topological order.
public struct NetworkGraph: Hashable, Sendable, Codable {
    /// Every node in topological order; a node's id is its index.
    public var nodes: [GraphNode]
    /// The node whose value is the network's output.
    public var output: Int

    /// A graph as given; nothing is checked (``NetworkGraphBuilder`` checks as it builds).
    public init(nodes: [GraphNode], output: Int) {
        self.nodes = nodes
        self.output = output
    }

    /// Multiply-accumulates of one forward pass for one sample, counting convolutions and linear
    /// layers (the NAS-Bench-201 convention: pooling, batch norm, activations and additions are free).
    public var multiplyAccumulates: Int {
        nodes.reduce(0) { $0 + multiplyAccumulates(of: $1) }
    }

    /// The multiply-accumulates of one node for one sample (zero for all but convolution and linear).
    public func multiplyAccumulates(of node: GraphNode) -> Int {
        switch node.operation {
        case .convolution(let outChannels, let kernel, _, _, let groups, _):
            let inChannels = nodes[node.inputs[0]].shape.channels
            return outChannels * (inChannels / groups) * kernel * kernel * node.shape.height * node.shape.width
        case .linear(let outFeatures, _):
            return nodes[node.inputs[0]].shape.count * outFeatures
        default:
            return 0
        }
    }

    /// Learned parameters: convolution and linear weights and biases, and batch-norm scale and shift.
    public var parameters: Int {
        nodes.reduce(0) { total, node in
            switch node.operation {
            case .convolution(let outChannels, let kernel, _, _, let groups, let bias):
                let inChannels = nodes[node.inputs[0]].shape.channels
                return total + outChannels * (inChannels / groups) * kernel * kernel + (bias ? outChannels : 0)
            case .batchNorm:
                return total + 2 * node.shape.channels
            case .linear(let outFeatures, let bias):
                return total + nodes[node.inputs[0]].shape.count * outFeatures + (bias ? outFeatures : 0)
            default:
                return total
            }
        }
    }
}
