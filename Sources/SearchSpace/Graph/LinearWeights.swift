/// A fully connected layer's matrix, laid out `[out][in]`, and its bias when it has one.
public struct LinearWeights: Sendable, Hashable {
    /// The weights in `[out][in]` order.
    public var matrix: [Float]
    /// One bias per output feature; nil when the layer has none.
    public var bias: [Float]?

    /// Weights as given; the layout is not checked.
    public init(matrix: [Float], bias: [Float]?) {
        self.matrix = matrix
        self.bias = bias
    }
}
