import Foundation
import GRDB

/// One profiled operator: its latency on one device, measured alone, with how it was measured.
/// Unique per (space, device, signature), so a profile resumes where it stopped.
public struct OperatorProfileRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    /// Stored in the `operator_profile` table.
    public static let databaseTableName = "operator_profile"

    /// The name of the space the operator comes from, e.g. `spos`.
    public var space: String
    /// The device it was measured on.
    public var device: String
    /// The operator's signature (`NetworkOperator.signature`).
    public var signature: String
    /// Median latency in milliseconds.
    public var latencyMs: Double
    /// The measurement's statistics and environment as the worker reported them (JSON object).
    public var environment: String?
    /// Id of the worker that measured it.
    public var worker: String
    /// When the coordinator received the measurement (for an imported table, as the file says).
    public var measuredAt: Date

    /// One profiled operator; `environment` is nil when the worker reported none.
    public init(
        space: String, device: String, signature: String, latencyMs: Double, environment: String?, worker: String,
        measuredAt: Date
    ) {
        self.space = space
        self.device = device
        self.signature = signature
        self.latencyMs = latencyMs
        self.environment = environment
        self.worker = worker
        self.measuredAt = measuredAt
    }
}
