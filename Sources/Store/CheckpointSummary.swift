import Foundation

/// A checkpoint without its (large) strategy state: when it was taken and how far the run was.
public struct CheckpointSummary: Sendable, Hashable {
    /// Sequence number of the checkpoint (the strategy's generation, or ask/tell round).
    public var generation: Int
    /// Accuracy evaluations told by then.
    public var evaluations: Int
    /// When the checkpoint was saved.
    public var createdAt: Date

    /// A summary from a checkpoint row's columns.
    public init(generation: Int, evaluations: Int, createdAt: Date) {
        self.generation = generation
        self.evaluations = evaluations
        self.createdAt = createdAt
    }
}
