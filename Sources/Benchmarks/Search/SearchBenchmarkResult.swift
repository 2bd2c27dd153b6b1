import Foundation
import Orchestrator

/// The outcome of a search benchmark run, with a Markdown rendering.
public struct SearchBenchmarkResult: Sendable, Hashable, Codable {
    /// The NAS-Bench-201 dataset's name, e.g. `cifar10`.
    public var dataset: String
    /// Accuracy evaluations per search.
    public var budget: Int
    /// Seeds per target and strategy.
    public var seeds: Int
    /// The first seed; the seeds ran `firstSeed ..< firstSeed + seeds`.
    public var firstSeed: Int
    /// Whether the devices decided candidates on their latency models (else every one was looked up).
    public var deviceModels: Bool
    /// One row per target × strategy, targets in the order given, strategies in the order given.
    public var rows: [SearchBenchmarkRow]
    /// Wall time of the whole run, in seconds.
    public var wallSeconds: Double
    /// Share of device measurements taken during a load spike, and what a spike multiplied them by.
    public var spikeRate: Double = 0
    /// What a spike multiplied a measurement by; it matters only when ``spikeRate`` is above 0.
    public var spikeFactor: Double = 1
    /// The run that produced this: every setting the searches started from (the EA's, the HSCoNAS
    /// options, how devices decided), so a saved result says what it measured; nil when built by hand.
    /// Each search's seed and targets replace those of its `baseSettings`.
    public var benchmark: SearchBenchmark?

    /// Creates a result; ``spikeRate``, ``spikeFactor`` and ``benchmark`` are set afterwards.
    public init(
        dataset: String, budget: Int, seeds: Int, firstSeed: Int = 0, deviceModels: Bool = false,
        rows: [SearchBenchmarkRow], wallSeconds: Double
    ) {
        self.deviceModels = deviceModels
        self.dataset = dataset
        self.budget = budget
        self.seeds = seeds
        self.firstSeed = firstSeed
        self.rows = rows
        self.wallSeconds = wallSeconds
    }

    /// A Markdown table, one row per target × strategy. Regret in validation-accuracy points.
    public func markdown() -> String {
        func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
        // A row built without fates (older callers) says nothing rather than 0 / 0 / 0.
        func missed(_ row: SearchBenchmarkRow) -> String {
            guard !row.optimumFates.isEmpty else { return "–" }
            return [SearchBenchmarkOptimumFate.ruledOut, .notAsked, .evaluated].map { "\(row.seedCount(with: $0))" }
                .joined(separator: " / ")
        }
        var lines = [
            "NAS-Bench-201 \(dataset), budget \(budget) accuracy evaluations, \(seeds) seeds "
                + "(\(firstSeed)–\(firstSeed + seeds - 1)); regret = optimum − incumbent validation accuracy (points); "
                + "candidates = asked per search; measurements = median per device per search "
                + (deviceModels
                    ? "(each device decides the rest on its latency model, learned from the table's other devices; "
                    : "(every candidate looked up: no device models; ")
                + (spikeRate > 0
                    ? "\(fixed(spikeRate * 100, 0)) % of measurements taken during a load spike (× \(fixed(spikeFactor, 2))), "
                        + "the answer confirmed on those measurements: a spike can reject a feasible answer, never pass an infeasible one)"
                    : "the answer confirmed on the table)"),
            "",
            "| target | limit (ms) | optimum | strategy | median regret | worst regret | mean regret | optimum found | optimum missed: ruled out / not asked / evaluated | mean evaluations | mean candidates | median measurements | unconfirmed |",
            "|---|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for row in rows {
            let limits = row.limitsMs.map { fixed($0, 3) }.joined(separator: " + ")
            lines.append(
                "| \(row.target.label) | \(limits) | \(fixed(row.optimumValidAccuracy, 2)) | \(row.strategy.rawValue) "
                    + "| \(fixed(row.medianRegret, 3)) | \(fixed(row.worstRegret, 3)) | \(fixed(row.meanRegret, 3)) "
                    + "| \(Int((row.optimumRate * 100).rounded())) % "
                    + "| \(missed(row)) "
                    + "| \(fixed(row.meanEvaluations, 0)) | \(fixed(row.meanCandidates, 0)) "
                    + "| \(row.medianMeasurements.map { fixed($0, 0) }.joined(separator: " + ")) | \(row.unanswered) |")
        }
        lines.append("")
        lines.append("Issue #11's regret aims (median ≤ \(SearchBenchmarkAimSummary.medianRegretAim), worst ≤ \(SearchBenchmarkAimSummary.worstRegretAim) on every target):")
        lines += aimSummaries.map { "- " + $0.line }
        return lines.joined(separator: "\n")
    }

    /// Each strategy's standing against the regret aims, strategies in the order of the rows.
    public var aimSummaries: [SearchBenchmarkAimSummary] {
        var strategies: [StrategyKind] = []
        for row in rows where !strategies.contains(row.strategy) { strategies.append(row.strategy) }
        return strategies.map { SearchBenchmarkAimSummary(strategy: $0, rows: rows) }
    }
}
