import Foundation
import GRDB

/// A device's latency limit resolved from a relative one (`max_latency: p30`) when the run
/// started: the expression, the limit in ms it came to, and what it was resolved from.
public struct LatencyLimitRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "latency_limit"

    public var device: String
    /// As the config wrote it, e.g. `p30`.
    public var expression: String
    public var limitMs: Double
    /// Networks whose latency it was resolved from (a replayed device: its whole table column).
    public var sampleSize: Int
    /// `measured` (a seeded sample measured on the device) or `replay` (the benchmark table).
    public var source: String
    public var resolvedAt: Date

    public init(device: String, expression: String, limitMs: Double, sampleSize: Int, source: String, resolvedAt: Date = Date()) {
        self.device = device
        self.expression = expression
        self.limitMs = limitMs
        self.sampleSize = sampleSize
        self.source = source
        self.resolvedAt = resolvedAt
    }
}
