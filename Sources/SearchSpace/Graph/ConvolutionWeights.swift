/// A convolution's kernel, laid out `[out][in / groups][kernel][kernel]` (ONNX and PyTorch order),
/// and its bias when it has one.
public struct ConvolutionWeights: Sendable, Hashable {
    /// The kernel values in `[out][in / groups][kernel][kernel]` order.
    public var kernel: [Float]
    /// One bias per output channel; nil when the convolution has none.
    public var bias: [Float]?

    /// Weights as given; the layout is not checked.
    public init(kernel: [Float], bias: [Float]?) {
        self.kernel = kernel
        self.bias = bias
    }
}
