import Foundation
import GRDB

/// The run a store belongs to: its config as given, and its result once finished.
public struct RunRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    /// Stored in the `run` table, which holds a single row.
    public static let databaseTableName = "run"

    /// Always 1: one run per store file.
    public var id: Int
    /// The run's name from the config (`name`).
    public var name: String
    /// The config text exactly as the user wrote it (YAML).
    public var config: String
    /// The config's seed, its UInt64 bit pattern stored as Int64.
    public var seed: Int64
    /// When the run was first stored.
    public var createdAt: Date
    /// When the run finished; nil while it runs or after a bound stopped it.
    public var finishedAt: Date?
    /// The result JSON, once the run has finished.
    public var result: String?

    /// A new run (id 1), not finished and without a result; `createdAt` defaults to now.
    public init(name: String, config: String, seed: Int64, createdAt: Date = Date()) {
        self.id = 1
        self.name = name
        self.config = config
        self.seed = seed
        self.createdAt = createdAt
    }
}
