import GRDB

/// One λ update of a `constraint: lambda` search, as stored.
public struct LambdaRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    /// Stored in the `lambda_update` table, at most one row per generation.
    public static let databaseTableName = "lambda_update"

    /// Generation at whose end λ was updated.
    public var generation: Int
    /// The elite's worst latency over its limit (lat / T) that moved λ.
    public var eliteLatencyRatio: Double
    /// The latency multiplier λ before the update.
    public var lambdaBefore: Double
    /// The latency multiplier λ after the update.
    public var lambdaAfter: Double

    /// An update as the strategy reported it.
    public init(generation: Int, eliteLatencyRatio: Double, lambdaBefore: Double, lambdaAfter: Double) {
        self.generation = generation
        self.eliteLatencyRatio = eliteLatencyRatio
        self.lambdaBefore = lambdaBefore
        self.lambdaAfter = lambdaAfter
    }
}
