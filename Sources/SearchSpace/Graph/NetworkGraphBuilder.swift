/// Builds a ``NetworkGraph`` node by node, inferring every shape and refusing any that does not
/// fit, with the node named.
public struct NetworkGraphBuilder: Sendable {
    /// The nodes added so far, indexed by id; each method returns the id of the node holding its result.
    public private(set) var nodes: [GraphNode] = []

    /// A builder with no nodes.
    public init() {}

    /// The network input.
    public mutating func input(_ shape: TensorShape) -> Int {
        append("input", .input, inputs: [], shape: shape)
    }

    /// A convolution of `input` (padding `kernel / 2` unless given); throws when an attribute is not
    /// positive, the channels do not divide into `groups`, or the kernel does not fit.
    public mutating func convolution(
        _ name: String, _ input: Int, outChannels: Int, kernel: Int, stride: Int = 1, padding: Int? = nil,
        groups: Int = 1, bias: Bool = false
    ) throws(GraphError) -> Int {
        let source = try shape(of: input, for: name)
        let padding = padding ?? kernel / 2
        guard outChannels > 0, kernel > 0, stride > 0, padding >= 0, groups > 0 else {
            throw GraphError(node: name, reason: "convolution attributes must be positive (out \(outChannels), kernel \(kernel), stride \(stride), padding \(padding), groups \(groups))")
        }
        guard source.channels % groups == 0, outChannels % groups == 0 else {
            throw GraphError(node: name, reason: "\(source.channels) input and \(outChannels) output channels are not divisible into \(groups) groups")
        }
        let height = try spatial(source.height, kernel: kernel, stride: stride, padding: padding, node: name)
        let width = try spatial(source.width, kernel: kernel, stride: stride, padding: padding, node: name)
        return append(
            name, .convolution(outChannels: outChannels, kernel: kernel, stride: stride, padding: padding, groups: groups, bias: bias),
            inputs: [input], shape: TensorShape(channels: outChannels, height: height, width: width))
    }

    /// Batch normalization of `input`, keeping its shape.
    public mutating func batchNorm(_ name: String, _ input: Int) throws(GraphError) -> Int {
        append(name, .batchNorm, inputs: [input], shape: try shape(of: input, for: name))
    }

    /// ReLU of `input`, keeping its shape.
    public mutating func relu(_ name: String, _ input: Int) throws(GraphError) -> Int {
        append(name, .relu, inputs: [input], shape: try shape(of: input, for: name))
    }

    /// Average pooling of `input`; throws when the kernel does not fit its height or width.
    public mutating func averagePool(
        _ name: String, _ input: Int, kernel: Int, stride: Int, padding: Int, countIncludePad: Bool
    ) throws(GraphError) -> Int {
        let source = try shape(of: input, for: name)
        let height = try spatial(source.height, kernel: kernel, stride: stride, padding: padding, node: name)
        let width = try spatial(source.width, kernel: kernel, stride: stride, padding: padding, node: name)
        return append(
            name, .averagePool(kernel: kernel, stride: stride, padding: padding, countIncludePad: countIncludePad),
            inputs: [input], shape: TensorShape(channels: source.channels, height: height, width: width))
    }

    /// Max pooling of `input`; throws when the kernel does not fit its height or width.
    public mutating func maxPool(
        _ name: String, _ input: Int, kernel: Int, stride: Int, padding: Int
    ) throws(GraphError) -> Int {
        let source = try shape(of: input, for: name)
        let height = try spatial(source.height, kernel: kernel, stride: stride, padding: padding, node: name)
        let width = try spatial(source.width, kernel: kernel, stride: stride, padding: padding, node: name)
        return append(
            name, .maxPool(kernel: kernel, stride: stride, padding: padding), inputs: [input],
            shape: TensorShape(channels: source.channels, height: height, width: width))
    }

    /// Each channel of `input` averaged to 1×1.
    public mutating func globalAveragePool(_ name: String, _ input: Int) throws(GraphError) -> Int {
        let source = try shape(of: input, for: name)
        return append(name, .globalAveragePool, inputs: [input], shape: TensorShape(channels: source.channels, height: 1, width: 1))
    }

    /// The sum of `inputs`, which must all have one shape; a single input is returned as is.
    public mutating func add(_ name: String, _ inputs: [Int]) throws(GraphError) -> Int {
        guard let first = inputs.first else { throw GraphError(node: name, reason: "an addition needs at least one input") }
        let shape = try shape(of: first, for: name)
        for input in inputs.dropFirst() where try self.shape(of: input, for: name) != shape {
            throw GraphError(
                node: name,
                reason: "cannot add \(nodes[input].name) (\(nodes[input].shape)) to \(nodes[first].name) (\(shape))")
        }
        guard inputs.count > 1 else { return first }
        return append(name, .add, inputs: inputs, shape: shape)
    }

    /// Zeros shaped like `like` (the value of a cell node nothing flows into).
    public mutating func zeros(_ name: String, like input: Int) throws(GraphError) -> Int {
        append(name, .zeros, inputs: [input], shape: try shape(of: input, for: name))
    }

    /// A fully connected layer on `input`, which must be a vector (1×1); `bias` defaults to true.
    public mutating func linear(_ name: String, _ input: Int, outFeatures: Int, bias: Bool = true) throws(GraphError) -> Int {
        let source = try shape(of: input, for: name)
        guard source.height == 1, source.width == 1 else {
            throw GraphError(node: name, reason: "a linear layer needs a vector input, got \(source) from \(nodes[input].name)")
        }
        guard outFeatures > 0 else { throw GraphError(node: name, reason: "outFeatures must be positive, got \(outFeatures)") }
        return append(name, .linear(outFeatures: outFeatures, bias: bias), inputs: [input], shape: TensorShape(channels: outFeatures, height: 1, width: 1))
    }

    /// ShuffleNet channel shuffle over `groups` groups.
    public mutating func channelShuffle(_ name: String, _ input: Int, groups: Int) throws(GraphError) -> Int {
        let source = try shape(of: input, for: name)
        guard groups > 0, source.channels % groups == 0 else {
            throw GraphError(node: name, reason: "\(source.channels) channels cannot be shuffled in \(groups) groups")
        }
        return append(name, .channelShuffle(groups: groups), inputs: [input], shape: source)
    }

    /// Channels `start ..< start + count` of `input`.
    public mutating func channelSlice(_ name: String, _ input: Int, start: Int, count: Int) throws(GraphError) -> Int {
        var source = try shape(of: input, for: name)
        guard start >= 0, count > 0, start + count <= source.channels else {
            throw GraphError(node: name, reason: "channels \(start)..<\(start + count) are not within the \(source.channels) of \(nodes[input].name)")
        }
        source.channels = count
        return append(name, .channelSlice(start: start, count: count), inputs: [input], shape: source)
    }

    /// `inputs` stacked along channels; all must share height and width.
    public mutating func concat(_ name: String, _ inputs: [Int]) throws(GraphError) -> Int {
        guard let first = inputs.first else { throw GraphError(node: name, reason: "a concatenation needs at least one input") }
        var result = try shape(of: first, for: name)
        for input in inputs.dropFirst() {
            let other = try shape(of: input, for: name)
            guard other.height == result.height, other.width == result.width else {
                throw GraphError(
                    node: name,
                    reason: "cannot concatenate \(nodes[input].name) (\(other)) with \(nodes[first].name) (\(nodes[first].shape))")
            }
            result.channels += other.channels
        }
        return append(name, .concat, inputs: inputs, shape: result)
    }

    /// The finished graph with `output` as its result.
    public func graph(output: Int) throws(GraphError) -> NetworkGraph {
        guard nodes.indices.contains(output) else { throw GraphError(node: "(output)", reason: "no node \(output)") }
        return NetworkGraph(nodes: nodes, output: output)
    }

    private func shape(of input: Int, for name: String) throws(GraphError) -> TensorShape {
        guard nodes.indices.contains(input) else {
            throw GraphError(node: name, reason: "input \(input) does not exist (the graph has \(nodes.count) nodes)")
        }
        return nodes[input].shape
    }

    private func spatial(_ size: Int, kernel: Int, stride: Int, padding: Int, node: String) throws(GraphError) -> Int {
        let out = (size + 2 * padding - kernel) / stride + 1
        guard size + 2 * padding >= kernel, out > 0 else {
            throw GraphError(node: node, reason: "kernel \(kernel) with padding \(padding) does not fit a spatial size of \(size)")
        }
        return out
    }

    private mutating func append(_ name: String, _ operation: GraphOperation, inputs: [Int], shape: TensorShape) -> Int {
        let id = nodes.count
        nodes.append(GraphNode(id: id, name: name, operation: operation, inputs: inputs, shape: shape))
        return id
    }
}
