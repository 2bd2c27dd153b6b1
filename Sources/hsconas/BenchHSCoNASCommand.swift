import ArgumentParser
import Benchmarks
import Foundation
import Measurement
import Orchestrator

/// `hsconas bench hsconas`: the full HSCoNAS search on spos against this CPU, three constraint
/// modes, several latency targets, the same seeds (issue 6).
struct BenchHSCoNASCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hsconas",
        abstract: "HSCoNAS on spos against this CPU's real latency: hard+DCS vs hard vs lambda, for several targets.",
        discussion: """
            For every --targets latency T, every --seeds seed and each mode — hard+dcs (rejection with dynamic \
            channel scaling), hard (rejection, no channel scaling) and lambda (LightNAS's multiplier) — runs a real \
            search: a coordinator, a native worker measuring this CPU at --threads threads and a NASWOT proxy worker, \
            separate processes over ZeroMQ. Each row reports the returned architecture's measured latency against \
            T (the aim: −3 % … 0 %, feasible and using the budget), its proxy score, the real measurements next to \
            the candidates decided on the operator-table model, and the wall time.

            The operator table is profiled once into --profile (353 operators, one to two minutes under load) and reused by every \
            search and by the next run. Runs go to --output (result.json, search-log.json, run.sqlite each).
            """)

    @Option(
        help: "Latency targets in ms, comma-separated (default: 6,8,10,12).",
        transform: { try CommaSeparated.values($0, expected: "a positive number of ms") { Double($0).flatMap { $0 > 0 && $0.isFinite ? $0 : nil } } })
    var targets: [Double] = [6, 8, 10, 12]
    @Option(
        help: "Seeds, a comma-separated list (not a count: --seeds 5 runs seed 5 only); every mode runs with the same ones (default: 1).",
        transform: { try CommaSeparated.values($0, expected: "a whole number ≥ 0") { UInt64($0) } })
    var seeds: [UInt64] = [1]
    @Option(
        help: "Modes, comma-separated: hard+dcs, hard, lambda (default: all three).",
        transform: { try CommaSeparated.cases($0, of: HSCoNASBenchmark.Mode.self) })
    var modes: [HSCoNASBenchmark.Mode] = HSCoNASBenchmark.Mode.allCases
    @Option(help: "Proxy evaluations per search.") var budget = 60
    @Option(help: "Population per generation.") var population = 12
    @Option(help: "Parents kept per generation.") var parents = 4
    @Option(help: "Threads of the measured CPU device.") var threads = 1
    @Option(help: "Step of λ in lambda mode (default: the EA's).") var lambdaStep: Double?
    @Option(help: "Measure candidates predicted within this relative band of T (e.g. 0.1) instead of where the model's prediction interval holds T.")
    var band: Double?
    @Option(help: "Standard deviations of the operator-table model's prediction interval.") var confidence = 2.0
    @Option(help: "Which candidates the model decides without a measurement: interval, lazy or lazy-all (see a target's decide: field).")
    var decide: TargetDecisionRule = .interval
    @Option(help: "Store of the operator table (profiled on first use, then reused; the spos configs use the same one).") var profile = "runs/profiles.sqlite"
    @Option(help: "Folder for the searches' runs.") var output = "runs/bench-hsconas"
    @Option(help: "Timed runs per measurement: at least this many …") var minRuns = 10
    @Option(help: "… and for at least this many seconds.") var minSeconds = 0.2
    @Option(help: "Re-measure when the coefficient of variation is above this.") var maxCv = 0.05
    @Option(help: "Measurement attempts in all; the steadiest is kept.") var attempts = 2
    @Option(help: "Untimed warm-up runs per measurement.") var warmup = 2
    @Option(help: "Write the full result as JSON to this file.") var json: String?
    @OptionGroup var logging: LogOptions

    func validate() throws {
        guard budget >= 1 else { throw ValidationError("--budget \(budget) must be at least 1") }
        guard population >= 2 else { throw ValidationError("--population \(population) must be at least 2") }
        guard (1...population).contains(parents) else {
            throw ValidationError("--parents \(parents) must be between 1 and --population (\(population))")
        }
        guard (1...CPUInfo.onlineCPUs).contains(threads) else {
            throw ValidationError("--threads \(threads) must be between 1 and this machine's \(CPUInfo.onlineCPUs) CPUs")
        }
        if let lambdaStep, !(lambdaStep > 0 && lambdaStep.isFinite) {
            throw ValidationError("--lambda-step \(lambdaStep) must be a positive number")
        }
        if let band, !(band > 0 && band < 1) {
            throw ValidationError("--band \(band) must be within 0…1 (exclusive)")
        }
        guard confidence > 0, confidence.isFinite else {
            throw ValidationError("--confidence \(confidence) must be a positive number of standard deviations")
        }
    }

    func run() async throws {
        let logger = try logging.makeLogger(label: "hsconas.bench", defaultLevel: .warning)
        var measurement = MeasurementConfig()
        measurement.minRuns = minRuns
        measurement.minSeconds = minSeconds
        measurement.maxCV = maxCv
        measurement.attempts = attempts
        measurement.warmupRuns = warmup
        do {
            try measurement.validate()
        } catch {
            throw ValidationError(error.description)
        }
        var benchmark = HSCoNASBenchmark(
            targetsMs: targets, seeds: seeds, budget: budget, population: population, parents: parents,
            profile: profile, output: output, measurement: measurement, logger: logger)
        benchmark.modes = modes
        benchmark.threads = threads
        benchmark.lambdaStep = lambdaStep
        benchmark.band = band
        benchmark.confidence = confidence
        benchmark.decide = decide
        Console.line(
            "hsconas bench hsconas: targets \(targets) ms on \(benchmark.device), modes \(modes.map(\.rawValue)), seeds \(seeds), "
                + "budget \(budget), population \(population); operator table in \(profile); measured "
                + (band.map { String(format: "within ±%g %% of T", $0 * 100) } ?? String(format: "where the ±%g σ interval holds T", confidence))
                + ", decide: \(decide.rawValue)")
        let result: HSCoNASBenchmarkResult
        do {
            result = try await benchmark.run { Console.line($0) }
        } catch {
            throw CommandFailure("\(error)")
        }
        Console.line("")
        Console.line(result.markdown())
        if let json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            try encoder.encode(result).write(to: URL(fileURLWithPath: json))
        }
    }
}
