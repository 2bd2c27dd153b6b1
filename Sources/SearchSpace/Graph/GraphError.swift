/// An inconsistent graph: a shape that does not fit, naming the node and what is wrong.
public struct GraphError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The name of the node concerned (`cell` or `network` when the architecture itself is invalid).
    public var node: String
    /// What does not fit, e.g. a shape or an attribute.
    public var reason: String

    /// An error at `node`, saying `reason`.
    public init(node: String, reason: String) {
        self.node = node
        self.reason = reason
    }

    /// `graph node '<node>': <reason>`.
    public var description: String { "graph node '\(node)': \(reason)" }
}
