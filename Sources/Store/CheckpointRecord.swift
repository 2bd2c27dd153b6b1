import Foundation
import GRDB

/// The search state after a generation, as JSON, so a run can be inspected or resumed.
public struct CheckpointRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    /// Stored in the `checkpoint` table, one row per generation.
    public static let databaseTableName = "checkpoint"

    /// Sequence number of the checkpoint (the strategy's generation, or ask/tell round).
    public var generation: Int
    /// Accuracy evaluations told so far.
    public var evaluations: Int
    /// The encoded strategy state.
    public var state: Data
    /// When the checkpoint was saved; a generation saved again keeps the later time.
    public var createdAt: Date

    /// A checkpoint of `state` after `generation`; `createdAt` defaults to now.
    public init(generation: Int, evaluations: Int, state: Data, createdAt: Date = Date()) {
        self.generation = generation
        self.evaluations = evaluations
        self.state = state
        self.createdAt = createdAt
    }
}
