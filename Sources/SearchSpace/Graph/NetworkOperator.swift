/// One unit of latency in a network: a node with the nodes fused into it the way runtimes run
/// them (convolution → batch norm → ReLU, batch norm → ReLU, concatenation → channel shuffle).
/// Its signature names everything its cost depends on (kinds, attributes, input shapes), so equal
/// signatures cost the same on a device; `graph` is the operator alone, ready to be profiled.
public struct NetworkOperator: Sendable, Hashable, Codable {
    /// E.g. `conv1x1/g1/s1/p0 32x56x56->51+bn+relu`.
    public var signature: String
    /// The operator alone, fed by one input (of the operator's input shape; for a concatenation,
    /// of all its inputs' channels, sliced), so a runtime can time it.
    public var graph: NetworkGraph

    /// An operator from its signature and its standalone graph.
    public init(signature: String, graph: NetworkGraph) {
        self.signature = signature
        self.graph = graph
    }
}
