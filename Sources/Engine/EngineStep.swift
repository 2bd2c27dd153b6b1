/// One unit of work of a compiled network. Offsets index the activation arena, `parameters`
/// offsets the folded weights; nothing is allocated while steps run.
enum EngineStep: Sendable {
    case convolution(ConvolutionStep)
    case depthwise(DepthwiseStep)
    case affine(AffineStep)
    case batchStatistics(BatchStatisticsStep)
    case relu(input: TensorSlot, output: TensorSlot)
    case averagePool(PoolingStep)
    case maxPool(PoolingStep)
    case globalAveragePool(input: TensorSlot, output: TensorSlot)
    case add(inputs: [TensorSlot], output: TensorSlot)
    case zeros(output: TensorSlot)
    case gather(PlaneGatherStep)
    case linear(LinearStep)

    /// A label for profiles, e.g. `conv1x1`, `conv3x3/s2 (im2col)`, `depthwise5x5/s2`.
    var kind: String {
        switch self {
        case .convolution(let step):
            "conv\(step.kernel)x\(step.kernel)" + (step.stride > 1 ? "/s\(step.stride)" : "") + (step.groups > 1 ? "/g\(step.groups)" : "")
        case .depthwise(let step): "depthwise\(step.kernel)x\(step.kernel)" + (step.stride > 1 ? "/s\(step.stride)" : "")
        case .affine: "batchnorm"
        case .batchStatistics: "batchnorm (batch statistics)"
        case .relu: "relu"
        case .averagePool: "avgpool"
        case .maxPool: "maxpool"
        case .globalAveragePool: "global-avgpool"
        case .add: "add"
        case .zeros: "zeros"
        case .gather: "concat/shuffle"
        case .linear: "linear"
        }
    }
}
