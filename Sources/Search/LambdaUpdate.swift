/// One step of the LightNAS multiplier: λ before and after, and the elite that moved it.
public struct LambdaUpdate: Sendable, Codable, Hashable {
    /// Generation at whose end λ was updated.
    public var generation: Int
    /// The elite's worst latency / T over the targets (> 1: over the target).
    public var eliteLatencyRatio: Double
    /// λ before the update (dimensionless, see ``LatencyMultiplier``).
    public var lambdaBefore: Double
    /// λ after the update, used to rank the next parents.
    public var lambdaAfter: Double

    /// One update, as ``HSCoNASEvolution`` records it at the end of a `lambda`-mode generation.
    public init(generation: Int, eliteLatencyRatio: Double, lambdaBefore: Double, lambdaAfter: Double) {
        self.generation = generation
        self.eliteLatencyRatio = eliteLatencyRatio
        self.lambdaBefore = lambdaBefore
        self.lambdaAfter = lambdaAfter
    }
}
