import Foundation
import GRDB

/// The search state after a generation, as JSON, so a run can be inspected or resumed.
public struct CheckpointRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "checkpoint"

    /// Sequence number of the checkpoint (the strategy's generation, or ask/tell round).
    public var generation: Int
    /// Accuracy evaluations told so far.
    public var evaluations: Int
    /// The encoded strategy state.
    public var state: Data
    public var createdAt: Date

    public init(generation: Int, evaluations: Int, state: Data, createdAt: Date = Date()) {
        self.generation = generation
        self.evaluations = evaluations
        self.state = state
        self.createdAt = createdAt
    }
}
