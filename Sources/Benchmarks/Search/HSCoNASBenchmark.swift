import BenchmarkData
import Foundation
import Logging
import Orchestrator
import Search

/// `hsconas bench hsconas` (issue 6): the full HSCoNAS search on spos against this CPU's real
/// latency, for several latency targets, in three constraint modes with the same seeds:
/// `hard+dcs` (rejection with dynamic channel scaling), `hard` (rejection, no channel scaling)
/// and `lambda` (LightNAS's multiplier). Each search is a real one — a coordinator, a native
/// measuring worker and a NASWOT proxy worker as separate processes — and reports the returned
/// architecture's *measured* latency against the target, its proxy score, the real measurements
/// next to the candidates decided on the operator-table model, and its wall time.
///
/// The operator table is profiled once, into `profile`, and reused by every search (and by the
/// next run of the benchmark).
public struct HSCoNASBenchmark {
    /// The constraint modes compared.
    public enum Mode: String, Sendable, Hashable, Codable, CaseIterable {
        case hardDCS = "hard+dcs"
        case hard
        case lambda
    }

    /// The latency targets T (ms) on this CPU, each searched in every mode with every seed.
    public var targetsMs: [Double]
    /// The constraint modes to run (all three unless narrowed).
    public var modes: [Mode] = Mode.allCases
    /// The seeds; every target and mode runs once per seed.
    public var seeds: [UInt64]
    /// Accuracy (NASWOT proxy) evaluations each search may spend.
    public var budget: Int
    /// The EA's population P: generation 0 samples P candidates, and every later one breeds P children.
    public var population: Int
    /// How many best candidates (k) the EA breeds each generation from.
    public var parents: Int
    /// Threads of the measured device (`cpu` at this many threads).
    public var threads: Int = 1
    /// The λ update step of `lambda` mode; nil takes the default.
    public var lambdaStep: Double?
    /// A fixed band around T where candidates are measured; nil: the model's prediction interval.
    public var band: Double?
    /// Standard deviations of the operator-table model's prediction interval.
    public var confidence = 2.0
    /// Which candidates the model decides without a measurement.
    public var decide = TargetDecisionRule.interval
    /// Store of the operator table, shared by every search.
    public var profile: String
    /// Folder the searches write their runs to.
    public var output: String
    /// How the measuring worker times each network.
    public var measurement: MeasurementConfig
    /// Where the search sessions log.
    public var logger: Logger

    /// Creates a benchmark over every mode at 1 thread; the model options keep their defaults.
    public init(
        targetsMs: [Double], seeds: [UInt64], budget: Int, population: Int, parents: Int, profile: String, output: String,
        measurement: MeasurementConfig, logger: Logger
    ) {
        self.targetsMs = targetsMs
        self.seeds = seeds
        self.budget = budget
        self.population = population
        self.parents = parents
        self.profile = profile
        self.output = output
        self.measurement = measurement
        self.logger = logger
    }

    /// The device name the searches measure (one table per thread count).
    public var device: String { "cpu_\(threads)t" }

    /// The config of one search.
    public func config(target: Double, mode: Mode, seed: UInt64) -> SearchConfig {
        var config = SearchConfig()
        config.name = "bench-\(mode.rawValue.replacingOccurrences(of: "+", with: "-"))-\(target)ms-seed\(seed)"
        config.space = .spos
        config.strategy = .hsconas
        config.seed = seed
        config.budget = budget
        config.population = population
        config.parents = parents
        config.constraint = mode == .lambda ? .lambda : .hard
        config.channelScaling = mode == .hardDCS
        if mode == .lambda { config.lambdaStep = lambdaStep }
        config.targets = [
            TargetConfig(
                device: device, maxLatencyMs: target, runtime: .native, threads: threads, model: .table, profile: profile,
                band: band, confidence: confidence, decide: decide)
        ]
        config.fleet.accuracyWorkers = 1
        config.fleet.accuracyEvaluator = .proxy
        config.fleet.measurement = measurement
        config.output = output
        return config
    }

    /// Runs every target × mode × seed; `status` gets a line per search and the profiling progress.
    public func run(status: (String) -> Void) async throws -> HSCoNASBenchmarkResult {
        let started = ContinuousClock.now
        var rows: [HSCoNASBenchmarkRow] = []
        let table = try NB201Table.bundled()
        for target in targetsMs {
            for seed in seeds {
                for mode in modes {
                    let config = config(target: target, mode: mode, seed: seed)
                    try config.validate(table: table)
                    let session = SearchSession(
                        config: config, configText: "hsconas bench hsconas: \(config.name)", table: table,
                        spawnLocalWorkers: true, logger: logger)
                    let (result, directory) = try await session.run(
                        listening: { _ in }, progress: { _ in },
                        profiling: { device, done, total in
                            if done == total || done % 50 == 0 { status("profiling \(device): \(done)/\(total) operators") }
                        })
                    let latency = result.best?.latencyMs[device]
                    let use = result.latencyModels?[device]
                    let row = HSCoNASBenchmarkRow(
                        targetMs: target, mode: mode.rawValue, seed: seed, architecture: result.best?.architecture,
                        measuredMs: latency?.value, latencySource: latency?.source, proxyScore: result.best?.proxyScore,
                        measurements: use?.measured ?? result.latencyLookups, screened: use?.screened ?? 0,
                        candidates: result.candidates, evaluations: result.accuracyEvaluations,
                        channelScalings: result.channelScaling?.count ?? 0, wallSeconds: result.wallSeconds,
                        run: directory.path)
                    rows.append(row)
                    status(HSCoNASBenchmarkResult.line(row))
                }
            }
        }
        return HSCoNASBenchmarkResult(
            device: device, threads: threads, targetsMs: targetsMs, seeds: seeds, budget: budget, population: population,
            band: band, confidence: confidence, decide: decide.rawValue, rows: rows,
            wallSeconds: (ContinuousClock.now - started).seconds)
    }
}
