import ArgumentParser
import BenchmarkData
import Benchmarks
import Foundation
import Orchestrator
import Search

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

            For the seeds that miss the optimum, each row says why: ruled out (asked, but a latency model or a \
            spiked reading put it over the limit, so it was never evaluated), not asked (the search never \
            proposed it), or evaluated (but not confirmed as the answer). The JSON keeps the fate of every seed \
            (optimumFates). Under the table, one line per strategy says on how many targets the median regret \
            is at most 0.05 and the worst at most 0.2, and which target's device measured most.

            --spike-rate R makes a share R of the measurements read --spike-factor × the table's latency, as a \
            board does when something else runs during a measurement: what that costs in measurements and \
            regret. Answers are confirmed on those readings, so a spike can reject a feasible answer, never \
            pass an infeasible one.
            """)

    @Option(help: "Seeds per target and strategy.") var seeds = 20
    @Option(help: "First seed (seeds run from it upwards).") var firstSeed = 0
    @Option(
        help: ArgumentHelp(
            "Targets, comma-separated (default: the 12 standard ones).",
            discussion: "Each is device@pP, the device's P-th latency percentile, joined by + for several devices: raspi4@p25,pixel3@p50+titanxp_1@p50."),
        transform: { text in
            try CommaSeparated.values(text, expected: "a target like raspi4@p25 or raspi4@p25+gold_6240@p25") {
                SearchBenchmarkTarget(label: $0)
            }
        })
    var targets: [SearchBenchmarkTarget] = SearchBenchmarkTarget.standard
    @Option(
        help: "Strategies, comma-separated: hsconas, random, regularized-evolution (default: all three).",
        transform: { try CommaSeparated.cases($0, of: StrategyKind.self) })
    var strategies: [StrategyKind] = StrategyKind.allCases
    @Option(help: "Progressive space shrinking every this fraction of the budget (0: off).") var shrinkEvery = 0.25
    @Option(help: "Accuracy evaluations per search.") var budget = 500
    @Option(help: "HSCoNAS EA: fraction of each generation's children drawn uniformly (random immigrants) instead of bred.")
    var immigrants = HSCoNASEvolution.Options().immigrants
    @Option(
        help: ArgumentHelp(
            "Population P: feasible children per generation (HSCoNAS EA), the population of regularized evolution, random search's batch.",
            discussion: "It also sets every strategy's stall window, the larger of 500 candidates and 10·P."))
    var population = SearchSettings().population
    @Option(help: "Parents k kept per generation (HSCoNAS EA), or tournament size (regularized evolution). (default: 10, at most --population)")
    var parents: Int?
    @Option(help: "HSCoNAS EA: per-gene mutation probability (regularized evolution always changes one gene).")
    var mutation = SearchSettings().mutationProbability
    @Option(help: "HSCoNAS EA: a child passes screening only if its predicted latency uses at least this share of its tightest limit.")
    var minUtilization = HSCoNASEvolution.Options().minimumUtilization
    @Option(help: "HSCoNAS EA: a child passes screening only if predicted at most (1 + margin) × the limit.")
    var screeningMargin = HSCoNASEvolution.Options().screeningMargin
    @Option(help: "HSCoNAS EA: an infeasible child is repaired only to a one-gene change predicted at least this share of the limit.")
    var repairFloor = HSCoNASEvolution.Options().repairFloor
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
    @Flag(help: "Decide undecided candidates on the prediction too; measure one only once its accuracy ranks among the --confirm-top best.")
    var lazy = false
    @Flag(help: "Like --lazy, on both sides of the limit: an undecided candidate predicted over it waits for its accuracy too.")
    var lazyAll = false
    @Option(help: "With --lazy: measure a waiting candidate when its accuracy ranks among this many best confirmed-feasible ones (a config's confirm_top).")
    var confirmTop = 3
    @Option(help: "With --lazy: standard deviations of the interval that decides a candidate predicted over the limit infeasible (default: --confidence).")
    var overConfidence: Double?
    @Flag(help: "The budget counts accuracy evaluations of feasible candidates only (with --lazy-all, evaluations of candidates that turn out infeasible are extra; the table shows them).")
    var feasibleBudget = false
    @Option(help: "Share of device measurements (0…1) taken during a load spike: they read --spike-factor × the table's latency.")
    var spikeRate = 0.0
    @OptionGroup var spikeFactor: SpikeFactorOption
    @Flag(help: "Take every reading during the search once (the reference): by default a reading over the limit and over the top of the device model's interval is taken again and the faster kept, as a real search does.")
    var singleReadings = false
    @Option(help: "Write the full result as JSON to this file: the rows and, under benchmark, every setting the searches ran with.") var json: String?

    func validate() throws {
        guard seeds >= 1, budget >= 1 else { throw ValidationError("--seeds and --budget must be at least 1") }
        guard NB201Dataset(rawValue: dataset) != nil else {
            throw ValidationError("--dataset '\(dataset)' is not one of cifar10, cifar100, imagenet16-120")
        }
        for (flag, set) in [("--lazy", lazy), ("--lazy-all", lazyAll)] where set && model != .regression {
            throw ValidationError("\(flag) decides on the devices' latency models; it needs --model regression, not '\(model.rawValue)'")
        }
        guard (0...1).contains(shrinkEvery) else {
            throw ValidationError("--shrink-every '\(shrinkEvery)' must be a fraction of the budget in 0…1 (0: off)")
        }
        if let overConfidence {
            guard overConfidence >= 0, overConfidence.isFinite else {
                throw ValidationError("--over-confidence '\(overConfidence)' must be a number ≥ 0")
            }
            guard lazy || lazyAll else { throw ValidationError("--over-confidence '\(overConfidence)' applies to --lazy only") }
        }
        // The same bounds as a search config's population, parents and mutation_probability.
        if let violation = SearchSettings.violation(
            population: population, parents: effectiveParents, mutationProbability: mutation)
        {
            // The flags are the config's field names, but for the shorter --mutation.
            let flag = { (setting: EvolutionShapeViolation.Setting) in
                setting == .mutationProbability ? "--mutation" : "--\(setting.rawValue)"
            }
            throw ValidationError("\(flag(violation.setting)) '\(violation.value)' \(violation.requirement(naming: flag))")
        }
        for (flag, value) in [("--min-utilization", minUtilization), ("--repair-floor", repairFloor)]
        where !(0...1).contains(value) {
            throw ValidationError("\(flag) '\(value)' must be a share of the limit in 0…1")
        }
        guard screeningMargin.isFinite, screeningMargin >= 0 else {
            throw ValidationError("--screening-margin '\(screeningMargin)' must be a number ≥ 0")
        }
        // Only the lazy rules measure by rank, so only they need a rank the parents can reach.
        if lazy || lazyAll, !(1...effectiveParents).contains(confirmTop) {
            throw ValidationError("--confirm-top '\(confirmTop)' must be between 1 and the EA's parents (\(effectiveParents))")
        }
        guard (0...1).contains(immigrants) else {
            throw ValidationError("--immigrants '\(immigrants)' must be a fraction of the children in 0…1")
        }
        guard (0...1).contains(spikeRate) else {
            throw ValidationError("--spike-rate '\(spikeRate)' must be a share of the measurements in 0…1")
        }
        guard firstSeed >= 0 else { throw ValidationError("--first-seed '\(firstSeed)' must be at least 0") }
        guard confidence > 0, confidence.isFinite else {
            throw ValidationError("--confidence '\(confidence)' must be a positive number")
        }
    }

    /// `--parents`, or the default k capped at the population.
    private var effectiveParents: Int { parents ?? Swift.min(SearchSettings().parents, population) }

    func run() async throws {
        let table = try TableLoader.load()
        let result = try benchmark().run(table: table)
        Console.line(result.markdown())
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(result).write(to: URL(fileURLWithPath: json))
        }
    }

    /// The benchmark the flags describe.
    private func benchmark() -> SearchBenchmark {
        // Budget and candidate limit as each search gets them, so the JSON's settings are the ones that ran.
        var settings = SearchSettings(
            budget: budget, population: population, parents: effectiveParents, mutationProbability: mutation,
            shrinkEvery: shrinkEvery)
        settings.budgetCountsInfeasible = !feasibleBudget
        let options = HSCoNASEvolution.Options(
            screeningMargin: screeningMargin, minimumUtilization: minUtilization, immigrants: immigrants,
            repairFloor: repairFloor)
        var benchmark = SearchBenchmark(
            dataset: NB201Dataset(rawValue: dataset) ?? .cifar10, targets: targets, strategies: strategies, seeds: seeds,
            firstSeed: firstSeed, budget: budget, baseSettings: settings,
            hsconasOptions: options, deviceModels: model == .regression, confidence: confidence)
        benchmark.lazyConfirmation = lazy
        benchmark.lazyBothSides = lazyAll
        benchmark.overConfidence = overConfidence
        benchmark.confirmTop = confirmTop
        benchmark.spikeRate = spikeRate
        benchmark.spikeFactor = spikeFactor.value
        benchmark.readsUnexpectedAgain = !singleReadings
        return benchmark
    }
}
