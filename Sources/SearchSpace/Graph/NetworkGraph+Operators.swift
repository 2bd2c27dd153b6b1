extension NetworkGraph {
    /// The network as a sequence of operators, one per ``fusionGroups()`` group, in execution
    /// order; what costs nothing (the input, channel slices, which are views) is left out.
    public func operators() throws(GraphError) -> [NetworkOperator] {
        var result: [NetworkOperator] = []
        for group in fusionGroups() { result.append(try standalone(group)) }
        return result
    }

    /// The fused group `ids` (first node first) rebuilt on its own input.
    private func standalone(_ ids: [Int]) throws(GraphError) -> NetworkOperator {
        let first = nodes[ids[0]]
        let inputShapes = first.inputs.map { nodes[$0].shape }
        var builder = NetworkGraphBuilder()
        var current: Int
        switch first.operation {
        case .concat:
            // One input with all the channels, sliced into the concatenated parts.
            let total = inputShapes.reduce(0) { $0 + $1.channels }
            let image = builder.input(TensorShape(channels: total, height: inputShapes[0].height, width: inputShapes[0].width))
            var start = 0
            var parts: [Int] = []
            for (index, shape) in inputShapes.enumerated() {
                parts.append(try builder.channelSlice("part\(index)", image, start: start, count: shape.channels))
                start += shape.channels
            }
            current = try builder.concat("concat", parts)
        case .add:
            let image = builder.input(inputShapes[0])
            current = try builder.add("add", Array(repeating: image, count: first.inputs.count))
        default:
            let image = builder.input(inputShapes.first ?? first.shape)
            current = try Self.apply(first.operation, to: image, in: &builder, name: "op")
        }
        for id in ids.dropFirst() {
            current = try Self.apply(nodes[id].operation, to: current, in: &builder, name: nodes[id].operation.name)
        }
        let description = ids.map { nodes[$0].operation.signatureText }.joined(separator: "+")
        let inputs = inputShapes.map { "\($0.channels)x\($0.height)x\($0.width)" }.joined(separator: ",")
        let out = nodes[ids.last ?? ids[0]].shape
        return NetworkOperator(
            signature: "\(description) \(inputs)->\(out.channels)x\(out.height)x\(out.width)",
            graph: try builder.graph(output: current))
    }

    private static func apply(
        _ operation: GraphOperation, to input: Int, in builder: inout NetworkGraphBuilder, name: String
    ) throws(GraphError) -> Int {
        switch operation {
        case .input, .add, .concat:
            throw GraphError(node: name, reason: "\(operation.name) cannot be rebuilt on a single input")
        case .convolution(let out, let kernel, let stride, let padding, let groups, let bias):
            return try builder.convolution(
                name, input, outChannels: out, kernel: kernel, stride: stride, padding: padding, groups: groups, bias: bias)
        case .batchNorm: return try builder.batchNorm(name, input)
        case .relu: return try builder.relu(name, input)
        case .averagePool(let kernel, let stride, let padding, let countIncludePad):
            return try builder.averagePool(name, input, kernel: kernel, stride: stride, padding: padding, countIncludePad: countIncludePad)
        case .maxPool(let kernel, let stride, let padding):
            return try builder.maxPool(name, input, kernel: kernel, stride: stride, padding: padding)
        case .globalAveragePool: return try builder.globalAveragePool(name, input)
        case .zeros: return try builder.zeros(name, like: input)
        case .linear(let out, let bias): return try builder.linear(name, input, outFeatures: out, bias: bias)
        case .channelShuffle(let groups): return try builder.channelShuffle(name, input, groups: groups)
        case .channelSlice(let start, let count): return try builder.channelSlice(name, input, start: start, count: count)
        }
    }
}

extension GraphOperation {
    /// The operation with every attribute that changes its cost, e.g. `conv3x3/g1/s2/p1`.
    var signatureText: String {
        switch self {
        case .convolution(_, let kernel, let stride, let padding, let groups, let bias):
            "conv\(kernel)x\(kernel)/g\(groups)/s\(stride)/p\(padding)" + (bias ? "/bias" : "")
        case .averagePool(let kernel, let stride, let padding, let countIncludePad):
            "avgpool\(kernel)x\(kernel)/s\(stride)/p\(padding)" + (countIncludePad ? "/incl" : "")
        case .maxPool(let kernel, let stride, let padding): "maxpool\(kernel)x\(kernel)/s\(stride)/p\(padding)"
        case .linear(let out, let bias): "linear\(out)" + (bias ? "/bias" : "")
        case .channelShuffle(let groups): "shuffle/g\(groups)"
        case .channelSlice(let start, let count): "slice\(start)+\(count)"
        case .add, .concat, .input, .batchNorm, .relu, .globalAveragePool, .zeros: name
        }
    }
}
