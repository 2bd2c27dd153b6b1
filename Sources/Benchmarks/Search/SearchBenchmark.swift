import BenchmarkData
import Foundation
import Orchestrator
import Search
import SearchSpace
import Synchronization

/// Search quality on NAS-Bench-201 under latency targets (Docs/design.md §6): for every target, strategy
/// and seed, a full search against the replayed table, its incumbent's regret against the
/// exhaustive optimum under the same limits, and what it cost each target device.
///
/// Each target device keeps a latency model as a real search does (``SearchBenchmarkScreen``):
/// a ``RegressionScreeningModel`` learning the device from the table's *other* devices
/// (leave-one-out: the device's own column is only ever looked up, one counted measurement at a
/// time), deciding the candidates its prediction interval puts clearly on one side of the
/// limit; the answer is confirmed on the table. `deviceModels: false` looks every candidate up,
/// the reference for what the models save and what they cost in regret.
///
/// Limits are taken at a percentile of each device's latencies, and a cell qualifies at
/// latency ≤ limit, the same test as ``NB201Oracle/optimum(limits:)``, so a limit that falls on a
/// tie (pixel3 has few distinct values) admits every tied cell on both sides of the comparison.
/// Every strategy gets the same settings, budget (accuracy evaluations; infeasible candidates
/// are free) and candidate limit, and is evaluated through ``SearchDriver``.
///
/// The run is `SearchBenchmark()` (cifar10, ``SearchBenchmarkTarget/standard``, all three
/// strategies, seeds 0–19, budget 500); pass fewer targets, strategies or seeds for a quick look.
public struct SearchBenchmark: Sendable, Hashable, Codable {
    /// Whose validation accuracy is selected on and scored.
    public var dataset: NB201Dataset
    /// The latency settings to search under, each in turn.
    public var targets: [SearchBenchmarkTarget]
    /// The strategies to compare, each on every target.
    public var strategies: [StrategyKind]
    /// Number of seeds per target and strategy: `firstSeed ..< firstSeed + seeds`.
    public var seeds: Int
    /// The first seed; the searches use `firstSeed ..< firstSeed + seeds`.
    public var firstSeed: Int
    /// Accuracy evaluations per search.
    public var budget: Int
    /// Searches run at once.
    public var parallelism: Int
    /// Settings every strategy starts from; seed, budget and targets are set per search.
    public var baseSettings: SearchSettings
    /// The HSCoNAS EA's own knobs.
    public var hsconasOptions: HSCoNASEvolution.Options
    /// Whether each target device decides candidates on its latency model (else every
    /// candidate is looked up).
    public var deviceModels: Bool
    /// Standard deviations of the prediction interval a model decides outside of.
    public var confidence: Double
    /// Whether candidates the model cannot decide are decided on its prediction all the same and
    /// measured only once their accuracy would rank among the `confirmTop` best confirmed ones.
    public var lazyConfirmation = false
    /// How many best confirmed-feasible accuracies a lazily decided candidate must rank among to
    /// be measured (`confirm_top`).
    public var confirmTop = 3
    /// Lazy on both sides of the limit: an undecided candidate predicted over it waits for its
    /// accuracy too (costs accuracy evaluations on candidates that may be infeasible).
    public var lazyBothSides = false
    /// Lazy only: standard deviations of the interval that decides a candidate predicted over the
    /// limit infeasible (nil: the model's own confidence).
    public var overConfidence: Double?
    /// Share of device measurements taken during a load spike (0: none), drawn per search from its seed.
    public var spikeRate = 0.0
    /// What a spike multiplies a measurement by.
    public var spikeFactor = 1.8
    /// A reading during the search over the limit and over the top of the device model's interval
    /// is taken again and the faster kept, as in a real search (false: every reading taken once).
    public var readsUnexpectedAgain = true

    /// Creates the run by default; the lazy-confirmation and spike options start off and are set afterwards.
    public init(
        dataset: NB201Dataset = .cifar10, targets: [SearchBenchmarkTarget] = SearchBenchmarkTarget.standard,
        strategies: [StrategyKind] = StrategyKind.allCases, seeds: Int = 20, firstSeed: Int = 0,
        budget: Int = 500, parallelism: Int = 2, baseSettings: SearchSettings = SearchSettings(),
        hsconasOptions: HSCoNASEvolution.Options = .init(), deviceModels: Bool = true, confidence: Double = 2
    ) {
        self.deviceModels = deviceModels
        self.confidence = confidence
        self.baseSettings = baseSettings
        self.hsconasOptions = hsconasOptions
        self.dataset = dataset
        self.targets = targets
        self.strategies = strategies
        self.seeds = seeds
        self.firstSeed = firstSeed
        self.budget = budget
        self.parallelism = parallelism
    }

    /// The settings every strategy gets for one target and seed (defaults of Docs/design.md §4 otherwise).
    public func settings(seed: UInt64, targets: [LatencyTarget]) -> SearchSettings {
        var settings = baseSettings
        settings.seed = seed
        settings.budget = budget
        settings.targets = targets
        settings.maxCandidates = budget * 40
        return settings
    }

    /// Runs every search (`parallelism` at a time) and collects the rows. Throws when a target
    /// names a device the table does not have.
    public func run(table: NB201Table) throws(BenchmarkDataError) -> SearchBenchmarkResult {
        let started = ContinuousClock.now
        let oracle = try NB201Oracle(table: table, dataset: dataset)
        // Dense lookup tables by cell code, so a search costs no dictionary work per look-up.
        let validColumn = try table.column(dataset.validColumn)
        let codes = 0..<NB201Space.cellCount
        let indexOfCode = codes.map { table.index(of: NB201Space.architecture(code: $0)) }
        let validByCode = indexOfCode.map { Double(validColumn[$0]) }
        let devices = Array(Set(targets.flatMap { $0.limits.map(\.device) })).sorted()
        var latencyByDevice: [String: [Double]] = [:]
        for device in devices {
            let column = try table.latencies(device: device)
            latencyByDevice[device] = indexOfCode.map { Double(column[$0]) }
        }
        // Each target device's leave-one-out view of the table, for its latency model.
        var references: [String: (devices: [String], latencies: @Sendable (Architecture) -> [Double]?)] = [:]
        if deviceModels {
            for device in devices { references[device] = try FleetReferences.nb201(table: table, excluding: device) }
        }
        let frozenReferences = references

        struct Job: Sendable {
            var target: Int
            var strategy: StrategyKind
            var seed: Int
            var limits: [LatencyTarget]
        }
        var jobs: [Job] = []
        var headers: [(limits: [Double], optimum: Double, code: Int?)] = []
        for (targetIndex, target) in targets.enumerated() {
            let limits = try target.limits.map { limit throws(BenchmarkDataError) in
                LatencyTarget(device: limit.device, maxLatencyMs: try oracle.latencyPercentile(limit.percentile, device: limit.device))
            }
            let optimum = try oracle.optimum(limits: limits.map { ($0.device, $0.maxLatencyMs) })
            headers.append(
                (limits.map(\.maxLatencyMs), optimum?.validAccuracy ?? 0, optimum.map { NB201Space.code(of: $0.architecture) }))
            for strategy in strategies {
                for seed in 0..<seeds { jobs.append(Job(target: targetIndex, strategy: strategy, seed: seed, limits: limits)) }
            }
        }

        let allJobs = jobs
        struct Outcome: Sendable {
            var regret: Double
            var candidates: Int
            var measurements: [Int]
            var answered: Bool
            var evaluations: Int
            var optimumFate: SearchBenchmarkOptimumFate
        }
        let outcomes = Mutex([Outcome?](repeating: nil, count: jobs.count))
        let tables = (valid: validByCode, latency: latencyByDevice)
        let optima = headers.map(\.optimum)
        let optimumCodes = headers.map(\.code)
        let workers = Swift.max(1, Swift.min(parallelism, allJobs.count))
        let spikes = (rate: spikeRate, factor: spikeFactor)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for jobIndex in stride(from: worker, to: allJobs.count, by: workers) {
                let job = allJobs[jobIndex]
                let screen = SearchBenchmarkScreen(
                    limits: job.limits, truth: tables.latency, confidence: confidence,
                    references: frozenReferences, lazy: lazyConfirmation, lazyBothSides: lazyBothSides,
                    confirmTop: confirmTop, overConfidence: overConfidence, spikes: spikes,
                    seed: UInt64(firstSeed + job.seed) &* 0x9E37_79B9 &+ UInt64(job.target),
                    optimumCode: optimumCodes[job.target], readsUnexpectedAgain: readsUnexpectedAgain)
                let run = StrategyFactory.runSynchronously(
                    job.strategy, settings: settings(seed: UInt64(firstSeed + job.seed), targets: job.limits),
                    space: NB201Space(), options: hsconasOptions,
                    latency: { architecture, device in screen.latency(of: architecture, device: device) },
                    accuracy: { architecture -> Double? in
                        let accuracy: Double = tables.valid[NB201Space.code(of: architecture)]
                        screen.evaluated(architecture, accuracy: accuracy)
                        return accuracy
                    },
                    confirm: { result in screen.confirmation(of: result) })
                let found = screen.confirmedAccuracy()
                let regret = Swift.max(0, optima[job.target] - (found ?? 0))
                let outcome = Outcome(
                    regret: regret, candidates: run.candidates,
                    measurements: job.limits.map { screen.measurements[$0.device, default: 0] }, answered: found != nil,
                    evaluations: screen.evaluations,
                    optimumFate: SearchBenchmarkOptimumFate(
                        regret: regret, asked: screen.optimumAsked, evaluated: screen.optimumEvaluated))
                outcomes.withLock { $0[jobIndex] = outcome }
            }
        }
        let results = outcomes.withLock { $0 }

        var rows: [SearchBenchmarkRow] = []
        for (targetIndex, target) in targets.enumerated() {
            for strategy in strategies {
                let mine = jobs.indices.filter { jobs[$0].target == targetIndex && jobs[$0].strategy == strategy }
                    .compactMap { results[$0] }
                rows.append(
                    SearchBenchmarkRow(
                        target: target, strategy: strategy, limitsMs: headers[targetIndex].limits,
                        optimumValidAccuracy: headers[targetIndex].optimum, regrets: mine.map(\.regret),
                        candidates: mine.map(\.candidates), measurements: mine.map(\.measurements),
                        unanswered: mine.count { !$0.answered }, evaluations: mine.map(\.evaluations),
                        optimumFates: mine.map(\.optimumFate)))
            }
        }
        var result = SearchBenchmarkResult(
            dataset: dataset.rawValue, budget: budget, seeds: seeds, firstSeed: firstSeed, deviceModels: deviceModels, rows: rows,
            wallSeconds: Self.seconds(ContinuousClock.now - started))
        result.benchmark = self
        result.spikeRate = spikeRate
        result.spikeFactor = spikeFactor
        return result
    }

    private static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }
}
