/// A convolution's kernel, laid out `[out][in / groups][kernel][kernel]` (ONNX and PyTorch order),
/// and its bias when it has one.
public struct ConvolutionWeights: Sendable, Hashable {
    public var kernel: [Float]
    public var bias: [Float]?

    public init(kernel: [Float], bias: [Float]?) {
        self.kernel = kernel
        self.bias = bias
    }
}
