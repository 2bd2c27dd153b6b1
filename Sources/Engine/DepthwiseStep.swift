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
