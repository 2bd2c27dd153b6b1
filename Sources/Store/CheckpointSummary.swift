import Foundation

/// A checkpoint without its (large) strategy state: when it was taken and how far the run was.
public struct CheckpointSummary: Sendable, Hashable {
    public var generation: Int
    /// Accuracy evaluations told by then.
    public var evaluations: Int
    public var createdAt: Date

    public init(generation: Int, evaluations: Int, createdAt: Date) {
        self.generation = generation
        self.evaluations = evaluations
        self.createdAt = createdAt
    }
}
