/// A float initializer left out of a weightless model: its name, shape and the range of the
/// values it had, so a receiver can draw stand-ins of the same magnitude (and sign: batch-norm
/// variances stay positive).
public struct ONNXWeightRange: Sendable, Hashable {
    public var name: String
    public var dims: [Int]
    public var low: Float
    public var high: Float

    public init(name: String, dims: [Int], low: Float, high: Float) {
        self.name = name
        self.dims = dims
        self.low = low
        self.high = high
    }
}
