/// An inconsistent graph: a shape that does not fit, naming the node and what is wrong.
public struct GraphError: Error, Sendable, Equatable, CustomStringConvertible {
    public var node: String
    public var reason: String

    public init(node: String, reason: String) {
        self.node = node
        self.reason = reason
    }

    public var description: String { "graph node '\(node)': \(reason)" }
}
