import ArgumentParser
import BenchmarkData
import Foundation
import Orchestrator

/// `hsconas bench search`: regret of the HSCoNAS EA against the exhaustive optimum, next to
/// random search and regularized evolution.
struct BenchSearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Regret of HSCoNAS EA, random search and regularized evolution on NAS-Bench-201 latency targets.",
        discussion: """
            Targets at the 25th and 50th latency percentile of raspi4, pixel3, gold_6240 and titanxp_1, and two \
            cross-device pairs; every seed of every strategy runs in this process against the table (no fleet), \
            with the same evaluation path as a real search. Regret is in valid-accuracy points against the \
            exhaustive optimum under the same target.
            """)

    @Option(help: "Seeds per target and strategy.") var seeds = 20
    @Option(help: "Accuracy evaluations per search.") var budget = 500
    @Option(help: "Dataset: cifar10, cifar100 or imagenet16-120.") var dataset = "cifar10"
    @Option(help: "Write the full result as JSON to this file.") var json: String?

    func validate() throws {
        guard seeds >= 1, budget >= 1 else { throw ValidationError("--seeds and --budget must be at least 1") }
        guard NB201Dataset(rawValue: dataset) != nil else {
            throw ValidationError("--dataset '\(dataset)' is not one of cifar10, cifar100, imagenet16-120")
        }
    }

    func run() async throws {
        let table = try TableLoader.load()
        let benchmark = SearchBenchmark(dataset: NB201Dataset(rawValue: dataset) ?? .cifar10, seeds: seeds, budget: budget)
        let result = try benchmark.run(table: table)
        Console.line(result.markdown())
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(result).write(to: URL(fileURLWithPath: json))
        }
    }
}
