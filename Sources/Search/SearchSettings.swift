/// Settings shared by every strategy; defaults follow DESIGN §4.
public struct SearchSettings: Sendable, Codable, Hashable {
    /// Seed of the strategy's generator.
    public var seed: UInt64
    /// Accuracy evaluations the search may spend.
    public var budget: Int
    /// Hard latency targets (all must be met).
    public var targets: [LatencyTarget]
    /// Population size P (HSCoNAS EA, regularized evolution).
    public var population: Int
    /// Parents kept per generation k (HSCoNAS EA) or tournament size (regularized evolution).
    public var parents: Int
    /// Per-gene mutation probability.
    public var mutationProbability: Double
    /// Progressive space shrinking every this fraction of the budget (0 disables it).
    public var shrinkEvery: Double
    /// A hard limit on candidates asked (latency look-ups), so an impossible target cannot loop forever.
    public var maxCandidates: Int

    public init(
        seed: UInt64 = 0, budget: Int = 500, targets: [LatencyTarget] = [], population: Int = 50,
        parents: Int = 10, mutationProbability: Double = 0.1, shrinkEvery: Double = 0.25,
        maxCandidates: Int? = nil
    ) {
        self.seed = seed
        self.budget = budget
        self.targets = targets
        self.population = population
        self.parents = parents
        self.mutationProbability = mutationProbability
        self.shrinkEvery = shrinkEvery
        self.maxCandidates = maxCandidates ?? budget * 40
    }
}
