/// A fully connected layer's matrix, laid out `[out][in]`, and its bias when it has one.
public struct LinearWeights: Sendable, Hashable {
    public var matrix: [Float]
    public var bias: [Float]?

    public init(matrix: [Float], bias: [Float]?) {
        self.matrix = matrix
        self.bias = bias
    }
}
