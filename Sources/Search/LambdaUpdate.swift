/// One step of the LightNAS multiplier: λ before and after, and the elite that moved it.
public struct LambdaUpdate: Sendable, Codable, Hashable {
    /// Generation at whose end λ was updated.
    public var generation: Int
    /// The elite's worst latency / T over the targets (> 1: over the target).
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
