/// What `hsconas store check` found in a run store: a summary of its contents and every problem,
/// each naming the table, row and value concerned.
public struct StoreCheckReport: Sendable, Hashable {
    /// Human-readable facts about the store (run, schema, counts), one per line.
    public var summary: [String] = []
    /// Integrity problems; empty when the store is sound.
    public var problems: [String] = []

    /// An empty report: no summary lines and no problems.
    public init() {}

    /// True when no problem was found.
    public var isSound: Bool { problems.isEmpty }
}
