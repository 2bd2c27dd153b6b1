import BenchmarkData
import Search
import SearchSpace

/// Evaluators and helpers shared by the search tests.
enum SearchFixture {
    static let space = NB201Space()

    /// A synthetic device: latency is additive in the operations (ms).
    static func latency(_ architecture: Architecture) -> Double {
        let cost = [0.1, 0.3, 1.5, 4.0, 0.8]
        return 1 + architecture.genes.reduce(0) { $0 + cost[$1] }
    }

    /// A synthetic accuracy with one interaction, so the landscape is not separable.
    static func accuracy(_ architecture: Architecture) -> Double {
        let worth = [0.0, 3.0, 5.0, 8.0, 2.0]
        let genes = architecture.genes
        let base = genes.enumerated().reduce(50.0) { $0 + worth[$1.element] * Double($1.offset + 1) / 3 }
        return base + (genes[0] == genes[5] ? 4 : 0)
    }

    static func target(_ maxLatencyMs: Double) -> [LatencyTarget] {
        [LatencyTarget(device: "synthetic", maxLatencyMs: maxLatencyMs)]
    }

    /// Runs `strategy` to its end on the synthetic device, telling results in ask order;
    /// returns every batch asked.
    @discardableResult
    static func run<Strategy: SearchStrategy>(_ strategy: inout Strategy, stopAfter batches: Int = .max) -> [[Architecture]] {
        var asked: [[Architecture]] = []
        while !strategy.isFinished, asked.count < batches {
            let batch = strategy.ask()
            if batch.isEmpty { break }
            asked.append(batch)
            strategy.tell(evaluate(batch, targets: strategy.targets))
        }
        return asked
    }

    static func evaluate(_ batch: [Architecture], targets: [LatencyTarget]) -> [CandidateResult] {
        SearchDriver.evaluate(
            batch, targets: targets, infeasibleToo: false, latency: { architecture, _ in latency(architecture) },
            accuracy: accuracy)
    }

    /// The three strategies, built alike.
    static func strategies(_ settings: SearchSettings) -> [any SearchStrategy] {
        [
            HSCoNASEvolution(settings: settings, space: space),
            RandomSearch(settings: settings, space: space),
            RegularizedEvolution(settings: settings, space: space, batchSize: 4),
        ]
    }

    /// The bundled NAS-Bench-201 table, loaded once.
    static let table: NB201Table? = try? NB201Table.bundled()
}
