import Foundation
import GRDB

/// A device's latency limit resolved from a relative one (`max_latency: p30`) when the run
/// started: the expression, the limit in ms it came to, and what it was resolved from.
public struct LatencyLimitRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    /// Stored in the `latency_limit` table, one row per device.
    public static let databaseTableName = "latency_limit"

    /// The target device the limit applies to.
    public var device: String
    /// As the config wrote it, e.g. `p30`.
    public var expression: String
    /// The resolved limit in ms: the expression's percentile (nearest rank) of the sample's latencies.
    public var limitMs: Double
    /// Networks whose latency it was resolved from (a replayed device: its whole table column).
    public var sampleSize: Int
    /// `measured` (a seeded sample measured on the device) or `replay` (the benchmark table).
    public var source: String
    /// When the limit was resolved; a resumed run keeps the first one stored.
    public var resolvedAt: Date

    /// A resolved limit; `resolvedAt` defaults to now.
    public init(device: String, expression: String, limitMs: Double, sampleSize: Int, source: String, resolvedAt: Date = Date()) {
        self.device = device
        self.expression = expression
        self.limitMs = limitMs
        self.sampleSize = sampleSize
        self.source = source
        self.resolvedAt = resolvedAt
    }
}
