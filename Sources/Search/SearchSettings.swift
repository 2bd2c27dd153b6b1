/// Settings shared by every strategy; defaults follow Docs/design.md §4.
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
    /// The stall rule's window: once this many candidates were told, the search ends when fewer
    /// than ``stallYield`` of the last `stallWindow` met every target (0 turns the rule off).
    /// Default: the larger of 500 and ten populations.
    public var stallWindow: Int
    /// Whether an accuracy evaluation of a candidate that turns out infeasible counts against the
    /// budget (the default). Off, the budget counts feasible candidates only: a search that
    /// evaluates accuracy before it knows a candidate's latency (lazy on both sides of the limit)
    /// then gets as many feasible evaluations as one that measures first, and pays for the rest
    /// in accuracy evaluations instead of device measurements.
    public var budgetCountsInfeasible = true
    /// The share of feasible candidates under which the last ``stallWindow`` mean a stall.
    public var stallYield: Double

    /// Settings with the defaults of Docs/design.md §4; `maxCandidates` defaults to 40 × `budget`
    /// and `stallWindow` to ``defaultStallWindow(population:)``.
    public init(
        seed: UInt64 = 0, budget: Int = 500, targets: [LatencyTarget] = [], population: Int = 50,
        parents: Int = 10, mutationProbability: Double = 0.1, shrinkEvery: Double = 0.25,
        maxCandidates: Int? = nil, stallWindow: Int? = nil, stallYield: Double = 0.01
    ) {
        self.stallWindow = stallWindow ?? Self.defaultStallWindow(population: population)
        self.stallYield = stallYield
        self.seed = seed
        self.budget = budget
        self.targets = targets
        self.population = population
        self.parents = parents
        self.mutationProbability = mutationProbability
        self.shrinkEvery = shrinkEvery
        self.maxCandidates = maxCandidates ?? budget * 40
    }

    /// The first of P, k and the mutation probability out of range (P ≥ 2, 1 ≤ k ≤ P, a
    /// probability in 0…1); nil when all three fit.
    public static func violation(population: Int, parents: Int, mutationProbability: Double) -> EvolutionShapeViolation? {
        if population < 2 { return EvolutionShapeViolation(setting: .population, value: "\(population)", population: population) }
        if !(1...population).contains(parents) {
            return EvolutionShapeViolation(setting: .parents, value: "\(parents)", population: population)
        }
        if !(0...1).contains(mutationProbability) {
            return EvolutionShapeViolation(
                setting: .mutationProbability, value: "\(mutationProbability)", population: population)
        }
        return nil
    }

    /// The larger of 500 candidates and ten populations.
    public static func defaultStallWindow(population: Int) -> Int {
        Swift.max(500, 10 * population)
    }

    enum CodingKeys: String, CodingKey {
        case seed, budget, targets, population, parents, mutationProbability, shrinkEvery, maxCandidates
        case stallWindow, stallYield, budgetCountsInfeasible
    }

    /// Decodes a checkpoint's settings; one from before the stall rule resumes with the rule off.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        seed = try c.decode(UInt64.self, forKey: .seed)
        budget = try c.decode(Int.self, forKey: .budget)
        targets = try c.decode([LatencyTarget].self, forKey: .targets)
        population = try c.decode(Int.self, forKey: .population)
        parents = try c.decode(Int.self, forKey: .parents)
        mutationProbability = try c.decode(Double.self, forKey: .mutationProbability)
        shrinkEvery = try c.decode(Double.self, forKey: .shrinkEvery)
        maxCandidates = try c.decode(Int.self, forKey: .maxCandidates)
        // Checkpoints from before the stall rule resume without it, as they started.
        stallWindow = try c.decodeIfPresent(Int.self, forKey: .stallWindow) ?? 0
        stallYield = try c.decodeIfPresent(Double.self, forKey: .stallYield) ?? 0.01
        budgetCountsInfeasible = try c.decodeIfPresent(Bool.self, forKey: .budgetCountsInfeasible) ?? true
    }
}
