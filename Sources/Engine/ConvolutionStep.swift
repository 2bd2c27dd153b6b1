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
