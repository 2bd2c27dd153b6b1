import Foundation
import GRDB

/// The run a store belongs to: its config as given, and its result once finished.
public struct RunRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "run"

    /// Always 1: one run per store file.
    public var id: Int
    public var name: String
    /// The config text exactly as the user wrote it (YAML).
    public var config: String
    public var seed: Int64
    public var createdAt: Date
    public var finishedAt: Date?
    /// The result JSON, once the run has finished.
    public var result: String?

    public init(name: String, config: String, seed: Int64, createdAt: Date = Date()) {
        self.id = 1
        self.name = name
        self.config = config
        self.seed = seed
        self.createdAt = createdAt
    }
}
