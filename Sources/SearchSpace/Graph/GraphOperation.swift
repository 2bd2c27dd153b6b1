/// What a graph node computes. Attributes are everything a runtime, an exporter or a latency
/// table needs; shapes are inferred by ``NetworkGraphBuilder``.
public enum GraphOperation: Hashable, Sendable, Codable {
    /// The network input.
    case input
    /// 2-D convolution, no bias unless `bias` (batch norm usually follows).
    case convolution(outChannels: Int, kernel: Int, stride: Int, padding: Int, groups: Int, bias: Bool)
    /// Batch normalization with a learned scale and shift per channel (folded into the
    /// preceding convolution at inference).
    case batchNorm
    case relu
    /// Average pooling; `countIncludePad` false divides by the number of real inputs at borders.
    case averagePool(kernel: Int, stride: Int, padding: Int, countIncludePad: Bool)
    case maxPool(kernel: Int, stride: Int, padding: Int)
    case globalAveragePool
    /// Element-wise sum of inputs of equal shape.
    case add
    /// A constant zero tensor of the input's shape (a NAS-Bench-201 node with no incoming operation).
    case zeros
    /// Fully connected layer on a vector.
    case linear(outFeatures: Int, bias: Bool)
    /// ShuffleNet's channel shuffle: channels viewed as `groups` × (C / groups), transposed.
    case channelShuffle(groups: Int)
    /// Channels `start ..< start + count` of the input.
    case channelSlice(start: Int, count: Int)
    /// Inputs stacked along the channel axis, in input order.
    case concat

    /// A short name, e.g. `conv3x3/s2`, for logs and latency-table signatures.
    public var name: String {
        switch self {
        case .input: "input"
        case .convolution(_, let kernel, let stride, _, let groups, _):
            "conv\(kernel)x\(kernel)" + (stride > 1 ? "/s\(stride)" : "") + (groups > 1 ? "/g\(groups)" : "")
        case .batchNorm: "bn"
        case .relu: "relu"
        case .averagePool(let kernel, let stride, _, _): "avgpool\(kernel)x\(kernel)" + (stride > 1 ? "/s\(stride)" : "")
        case .maxPool(let kernel, let stride, _): "maxpool\(kernel)x\(kernel)" + (stride > 1 ? "/s\(stride)" : "")
        case .globalAveragePool: "gap"
        case .add: "add"
        case .zeros: "zeros"
        case .linear: "linear"
        case .channelShuffle: "shuffle"
        case .channelSlice: "slice"
        case .concat: "concat"
        }
    }
}
