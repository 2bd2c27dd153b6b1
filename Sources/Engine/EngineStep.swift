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

/// A dense or grouped convolution computed as GEMM (through an im2col copy unless 1×1, stride 1),
/// with batch norm already folded into `weights`/`bias` and an optional fused ReLU.
struct ConvolutionStep: Sendable {
    var input: TensorSlot
    var output: TensorSlot
    var kernel: Int
    var stride: Int
    var padding: Int
    var groups: Int
    /// Offset of `[out][in / groups][k][k]` in the parameters.
    var weights: Int
    /// Offset of `[out]` in the parameters.
    var bias: Int
    var relu: Bool

    var needsIm2col: Bool { !(kernel == 1 && stride == 1 && padding == 0) }
    var columnRows: Int { input.shape.channels / groups * kernel * kernel }
}

/// A depthwise convolution (one filter per channel), batch norm folded, optional ReLU.
struct DepthwiseStep: Sendable {
    var input: TensorSlot
    var output: TensorSlot
    var kernel: Int
    var stride: Int
    var padding: Int
    var weights: Int
    var bias: Int
    var relu: Bool

    var paddedWidth: Int { input.shape.width + 2 * padding }
    var paddedHeight: Int { input.shape.height + 2 * padding }
}

/// A standalone batch norm as a per-channel scale and shift, optional ReLU.
struct AffineStep: Sendable {
    var input: TensorSlot
    var output: TensorSlot
    var scale: Int
    var shift: Int
    var relu: Bool
}

/// A batch norm with the batch's own statistics (``BatchNormMode/batchStatistics``): per channel,
/// `(x − mean) / √(var + ε)` over every sample and pixel, optional ReLU. May run in place.
struct BatchStatisticsStep: Sendable {
    var input: TensorSlot
    var output: TensorSlot
    var epsilon: Float
    var relu: Bool
}

struct PoolingStep: Sendable {
    var input: TensorSlot
    var output: TensorSlot
    var kernel: Int
    var stride: Int
    var padding: Int
    var countIncludePad: Bool
}

/// Copies whole channel planes: concatenation, channel shuffle, or both fused. Plane `i` of the
/// output comes from `sources[i]` (an arena offset for sample 0 and that source's batch stride).
struct PlaneGatherStep: Sendable {
    var output: TensorSlot
    var sources: [(offset: Int, batchStride: Int)]
}

/// `output[n] = matrix · input[n] + bias`, matrix `[out][in]`.
struct LinearStep: Sendable {
    var input: TensorSlot
    var output: TensorSlot
    var matrix: Int
    var bias: Int
}
