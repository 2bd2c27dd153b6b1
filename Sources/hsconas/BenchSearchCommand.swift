import ArgumentParser
import BenchmarkData
import Benchmarks
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

            Every target device keeps a latency model as a real search does (--model regression): it learns \
            the device from the table's other devices and decides the candidates its prediction interval puts \
            clearly on one side of the limit; the rest are looked up and counted as the device's measurements, \
            and the answer is confirmed on the table. --model none looks every candidate up (the reference).
            """)

    @Option(help: "Seeds per target and strategy.") var seeds = 20
    @Option(help: "Accuracy evaluations per search.") var budget = 500
    @Option(help: "Dataset: cifar10, cifar100 or imagenet16-120.") var dataset = "cifar10"
    /// What each target device's latency look-ups go through.
    enum DeviceModel: String, CaseIterable, ExpressibleByArgument {
        /// The device's latency model decides what it can; the rest is looked up.
        case regression
        /// Every candidate is looked up (the reference).
        case none
    }

    @Option(help: "Target devices' latency models: regression (decide what the model can) or none (look every candidate up).")
    var model = DeviceModel.regression
    @Option(help: "Standard deviations of the prediction interval a model decides outside of.") var confidence = 2.0
    @Flag(help: "Decide undecided candidates on the prediction too; measure one only once its accuracy makes it a parent.")
    var lazy = false
    @Flag(help: "Like --lazy, on both sides of the limit: an undecided candidate predicted over it waits for its accuracy too.")
    var lazyAll = false
    @Option(help: "Write the full result as JSON to this file.") var json: String?

    func validate() throws {
        guard seeds >= 1, budget >= 1 else { throw ValidationError("--seeds and --budget must be at least 1") }
        guard NB201Dataset(rawValue: dataset) != nil else {
            throw ValidationError("--dataset '\(dataset)' is not one of cifar10, cifar100, imagenet16-120")
        }
        for (flag, set) in [("--lazy", lazy), ("--lazy-all", lazyAll)] where set && model != .regression {
            throw ValidationError("\(flag) decides on the devices' latency models; it needs --model regression, not '\(model.rawValue)'")
        }
        guard confidence > 0, confidence.isFinite else {
            throw ValidationError("--confidence '\(confidence)' must be a positive number")
        }
    }

    func run() async throws {
        let table = try TableLoader.load()
        var benchmark = SearchBenchmark(
            dataset: NB201Dataset(rawValue: dataset) ?? .cifar10, seeds: seeds, budget: budget,
            deviceModels: model == .regression, confidence: confidence)
        benchmark.lazyConfirmation = lazy
        benchmark.lazyBothSides = lazyAll
        let result = try benchmark.run(table: table)
        Console.line(result.markdown())
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(result).write(to: URL(fileURLWithPath: json))
        }
    }
}
