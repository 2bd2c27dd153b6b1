import Foundation
import GRDB

/// One profiled operator: its latency on one device, measured alone, with how it was measured.
/// Unique per (space, device, signature), so a profile resumes where it stopped.
public struct OperatorProfileRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "operator_profile"

    public var space: String
    public var device: String
    /// The operator's signature (`NetworkOperator.signature`).
    public var signature: String
    /// Median latency in milliseconds.
    public var latencyMs: Double
    /// The measurement's statistics and environment as the worker reported them (JSON object).
    public var environment: String?
    public var worker: String
    public var measuredAt: Date

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
