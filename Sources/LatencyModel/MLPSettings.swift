/// How ``MLPLatencyModel`` is shaped and trained.
public struct MLPSettings: Sendable, Hashable, Codable {
    /// Units of the two hidden layers (LightNAS: 128 and 64).
    public var hidden: [Int]
    /// Adam steps in all, whatever the number of samples: small sets are seen many times over,
    /// large ones fewer, and a fit's cost stays bounded.
    public var steps: Int
    /// Samples per mini-batch (fewer when there are fewer samples).
    public var batchSize: Int
    /// Adam's step size at the start; it decays along a cosine to 1 % of this by the last step.
    public var learningRate: Float
    /// Decoupled weight decay (AdamW): each step multiplies the weights by 1 − rate · decay.
    /// Strong on purpose: with a few hundred samples the 34,000-weight network otherwise learns
    /// its training set to 10⁻⁵ ms and generalises worse than the additive table (FBNet pixel3,
    /// 500 samples: 75 % of held-out networks within ±10 % at decay 10⁻⁴, 99 % at 1–5; at 10 it
    /// underfits).
    public var weightDecay: Float
    /// What the network regresses.
    public var target: MLPTarget
    /// Seed of the initial weights and the mini-batch order: equal seeds, equal models.
    public var seed: UInt64

    /// Defaults: hidden 128 and 64, 1000 steps on batches of 32, learning rate 0.01, weight decay 3, latency target, seed 0.
    public init(
        hidden: [Int] = [128, 64], steps: Int = 1000, batchSize: Int = 32, learningRate: Float = 1e-2,
        weightDecay: Float = 3, target: MLPTarget = .latency, seed: UInt64 = 0
    ) {
        self.hidden = hidden
        self.steps = steps
        self.batchSize = batchSize
        self.learningRate = learningRate
        self.weightDecay = weightDecay
        self.target = target
        self.seed = seed
    }
}
