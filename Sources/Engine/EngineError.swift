import SearchSpace

/// A graph the engine cannot run, or an input that does not fit, naming the node or the field.
public struct EngineError: Error, Sendable, Equatable, CustomStringConvertible {
    public var node: String
    public var reason: String

    public init(node: String, reason: String) {
        self.node = node
        self.reason = reason
    }

    public var description: String { "engine: node '\(node)': \(reason)" }
}
