import GRDB

/// One λ update of a `constraint: lambda` search, as stored.
public struct LambdaRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "lambda_update"

    public var generation: Int
    /// The elite's worst latency over its limit (lat / T) that moved λ.
    public var eliteLatencyRatio: Double
    public var lambdaBefore: Double
    public var lambdaAfter: Double

    public init(generation: Int, eliteLatencyRatio: Double, lambdaBefore: Double, lambdaAfter: Double) {
        self.generation = generation
        self.eliteLatencyRatio = eliteLatencyRatio
        self.lambdaBefore = lambdaBefore
        self.lambdaAfter = lambdaAfter
    }
}
