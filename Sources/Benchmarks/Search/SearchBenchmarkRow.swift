import Measurement
import Orchestrator

/// One line of the search benchmark: one strategy on one target, over all seeds.
public struct SearchBenchmarkRow: Sendable, Hashable, Codable {
    /// The devices and percentiles the limits come from.
    public var target: SearchBenchmarkTarget
    /// The search strategy that ran.
    public var strategy: StrategyKind
    /// The limit (ms) each device got, in the target's order.
    public var limitsMs: [Double]
    /// The exhaustive optimum's validation accuracy (%) under the same limits (0 when no cell qualifies).
    public var optimumValidAccuracy: Double
    /// Regret per seed, in seed order: optimum − incumbent validation accuracy, in points
    /// (the optimum itself when the search found no feasible cell).
    public var regrets: [Double]
    /// Candidates asked per seed.
    public var candidates: [Int]
    /// Per seed, the measurements each target device made (look-ups its model could not
    /// decide, and the answer's confirmation), in the target's device order.
    public var measurements: [[Int]]
    /// Accuracy evaluations per seed, feasible or not (more than the budget only when the budget
    /// counts feasible candidates alone).
    public var evaluations: [Int]
    /// Searches whose answer did not hold on the table's latencies (none confirmed).
    public var unanswered: Int
    /// Per seed, what became of the exhaustive optimum (found, or why not).
    public var optimumFates: [SearchBenchmarkOptimumFate]

    /// Creates a row; the per-seed lists not given start empty, and `unanswered` at 0.
    public init(
        target: SearchBenchmarkTarget, strategy: StrategyKind, limitsMs: [Double],
        optimumValidAccuracy: Double, regrets: [Double], candidates: [Int], measurements: [[Int]] = [],
        unanswered: Int = 0, evaluations: [Int] = [], optimumFates: [SearchBenchmarkOptimumFate] = []
    ) {
        self.optimumFates = optimumFates
        self.evaluations = evaluations
        self.measurements = measurements
        self.unanswered = unanswered
        self.target = target
        self.strategy = strategy
        self.limitsMs = limitsMs
        self.optimumValidAccuracy = optimumValidAccuracy
        self.regrets = regrets
        self.candidates = candidates
    }

    /// Median regret (mean of the two middle values for an even count).
    public var medianRegret: Double { regrets.isEmpty ? .nan : RankCorrelation.median(regrets) }

    /// The largest regret over seeds (NaN with no seeds).
    public var worstRegret: Double { regrets.max() ?? .nan }

    /// Mean regret over seeds (NaN with no seeds).
    public var meanRegret: Double { regrets.isEmpty ? .nan : regrets.reduce(0, +) / Double(regrets.count) }

    /// Share of seeds that returned the optimum's accuracy exactly.
    public var optimumRate: Double {
        regrets.isEmpty ? .nan : Double(regrets.count { $0 <= SearchBenchmarkOptimumFate.foundTolerance }) / Double(regrets.count)
    }

    /// How many seeds' optimum met `fate`.
    public func seedCount(with fate: SearchBenchmarkOptimumFate) -> Int {
        optimumFates.count { $0 == fate }
    }

    /// Median over seeds of each device's measurements, in the target's device order.
    public var medianMeasurements: [Double] {
        guard let width = measurements.first?.count else { return [] }
        return (0..<width).map { device in RankCorrelation.median(measurements.map { Double($0[device]) }) }
    }

    /// Mean accuracy evaluations per seed (NaN when none were recorded).
    public var meanEvaluations: Double {
        evaluations.isEmpty ? .nan : Double(evaluations.reduce(0, +)) / Double(evaluations.count)
    }

    /// Mean candidates asked per seed (NaN with no seeds).
    public var meanCandidates: Double {
        candidates.isEmpty ? .nan : Double(candidates.reduce(0, +)) / Double(candidates.count)
    }
}
