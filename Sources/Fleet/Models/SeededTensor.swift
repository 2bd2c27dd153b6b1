/// One weight tensor left out of a shipped model: the worker fills it with values drawn uniformly
/// in `low...high` from the model's seed (latency of a dense network does not depend on the values).
public struct SeededTensor: Sendable, Hashable {
    /// The initializer's name in the graph.
    public var name: String
    /// The tensor's shape.
    public var dims: [Int]
    /// Lower bound of the values drawn.
    public var low: Double
    /// Upper bound of the values drawn.
    public var high: Double

    /// Describes the tensor `name` of shape `dims`, filled from `low...high`.
    public init(name: String, dims: [Int], low: Double, high: Double) {
        self.name = name
        self.dims = dims
        self.low = low
        self.high = high
    }
}
