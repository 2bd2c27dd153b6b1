import SearchSpace

/// A graph the engine cannot run, or an input that does not fit, naming the node or the field.
public struct EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The offending node's name, or a placeholder such as `(input)` or `(batch)` when no node is to blame.
    public var node: String
    /// What is wrong, in words.
    public var reason: String

    /// Creates an error for `node` with `reason`.
    public init(node: String, reason: String) {
        self.node = node
        self.reason = reason
    }

    /// `engine: node '<node>': <reason>`.
    public var description: String { "engine: node '\(node)': \(reason)" }
}
