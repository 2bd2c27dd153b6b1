/// A float initializer left out of a weightless model: its name, shape and the range of the
/// values it had, so a receiver can draw stand-ins of the same magnitude (and sign: batch-norm
/// variances stay positive).
public struct ONNXWeightRange: Sendable, Hashable {
    /// The initializer's name in the graph.
    public var name: String
    /// The tensor's shape.
    public var dims: [Int]
    /// The smallest value the tensor held (0 when it was empty).
    public var low: Float
    /// The largest value the tensor held (0 when it was empty).
    public var high: Float

    /// Creates a range for the tensor `name` of shape `dims` with values in `low...high`.
    public init(name: String, dims: [Int], low: Float, high: Float) {
        self.name = name
        self.dims = dims
        self.low = low
        self.high = high
    }
}
