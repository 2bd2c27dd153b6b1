import BenchmarkData
import Foundation
import Search
import SearchSpace
import Yams

/// A search as a user writes it in YAML (see `Configs/quickstart.yaml` and the README).
public struct SearchConfig: Sendable, Hashable, Codable {
    /// A name for the run, used for the output folder.
    public var name: String = "search"
    /// Search space: `nb201` (NAS-Bench-201 cells) or `spos` (the ShuffleNetV2 one-shot space).
    public var space: SpaceKind = .nb201
    /// `cifar10`, `cifar100` or `imagenet16-120` (nb201 only: the benchmark table's dataset).
    public var dataset: NB201Dataset = .cifar10
    /// `hsconas`, `random` or `regularized-evolution`.
    public var strategy: StrategyKind = .hsconas
    /// Seed of the strategy's generator, and of the samples that resolve relative limits.
    public var seed: UInt64 = 1
    /// Accuracy evaluations the search may spend (latency look-ups do not count).
    public var budget: Int = 500
    /// Population size P (HSCoNAS EA, regularized evolution).
    public var population: Int = 50
    /// Parents kept per generation k (HSCoNAS EA) or tournament size (regularized evolution).
    public var parents: Int = 10
    /// A lazily decided candidate (`decide: lazy`, `lazy-all`) is measured only when its accuracy
    /// would rank among this many best candidates confirmed feasible so far: the ones a wrong
    /// prediction would cost most. At most `parents`.
    public var confirmTop: Int = 3
    /// Per-gene mutation probability.
    public var mutationProbability: Double = 0.1
    /// Progressive space shrinking every this fraction of the budget; 0 turns it off.
    public var shrinkEvery: Double = 0.25
    /// The evidence a shrinking step needs: a choice is dropped only when it was expected at least
    /// this many times in the top group (nil: the EA's default, 15 — tuned for budgets of hundreds;
    /// short spos runs need a few).
    public var shrinkMinExpected: Double?
    /// Hard latency targets; all must be met.
    public var targets: [TargetConfig] = []
    /// How the targets constrain the HSCoNAS EA: `hard` (rejection, with channel scaling on
    /// spos) or `lambda` (LightNAS's multiplier on the latency ratio).
    public var constraint: ConstraintMode = .hard
    /// Dynamic channel scaling (spos only); nil takes the space's default (on for spos).
    public var channelScaling: Bool?
    /// Step η of the λ update in `lambda` mode; nil takes the default.
    public var lambdaStep: Double?
    /// λ at the start of a `lambda` search; nil takes the default (0).
    public var lambdaInitial: Double?
    /// Settings sent with every accuracy job, for the evaluator (e.g. `proxy_batch: 8` for the
    /// NASWOT proxy, or your own evaluator's knobs); nb201 jobs also carry `dataset`.
    public var accuracySettings: [String: String] = [:]
    /// The `fleet:` section: the coordinator's endpoint, local workers, measurement and security.
    public var fleet: FleetConfig = FleetConfig()
    /// The search stops, with the best answer so far, once a measured (not replayed) device has
    /// answered this many latency jobs; nil: no bound. `--resume` continues with a larger one.
    public var maxMeasurements: Int?
    /// The search stops, with the best answer so far, after this many seconds; nil: no bound.
    public var maxWallSeconds: Double?
    /// Folder for the store, the result JSON and worker logs.
    public var output: String = "runs/search"

    /// A config with every default: an `hsconas` search of nb201 on cifar10, budget 500, no targets.
    public init() {}

    enum CodingKeys: String, CodingKey, CaseIterable {
        case name, space, dataset, strategy, seed, budget, population, parents
        case confirmTop = "confirm_top"
        case mutationProbability = "mutation_probability"
        case shrinkEvery = "shrink_every"
        case shrinkMinExpected = "shrink_min_expected"
        case targets, constraint
        case channelScaling = "channel_scaling"
        case lambdaStep = "lambda_step"
        case lambdaInitial = "lambda_initial"
        case accuracySettings = "accuracy_settings"
        case maxMeasurements = "max_measurements"
        case maxWallSeconds = "max_wall_seconds"
        case fleet, output
    }

    /// Decodes the config; a missing key takes its default (`confirm_top`: 3, or `parents` when fewer).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SearchConfig()
        name = try c.decodeIfPresent(String.self, forKey: .name) ?? defaults.name
        space = try c.decodeChoice(SpaceKind.self, forKey: .space, noun: "space") ?? defaults.space
        dataset = try c.decodeChoice(NB201Dataset.self, forKey: .dataset, noun: "dataset") ?? defaults.dataset
        strategy = try c.decodeChoice(StrategyKind.self, forKey: .strategy, noun: "strategy") ?? defaults.strategy
        seed = try c.decodeIfPresent(UInt64.self, forKey: .seed) ?? defaults.seed
        budget = try c.decodeIfPresent(Int.self, forKey: .budget) ?? defaults.budget
        population = try c.decodeIfPresent(Int.self, forKey: .population) ?? defaults.population
        parents = try c.decodeIfPresent(Int.self, forKey: .parents) ?? defaults.parents
        confirmTop = try c.decodeIfPresent(Int.self, forKey: .confirmTop) ?? min(defaults.confirmTop, parents)
        mutationProbability =
            try c.decodeIfPresent(Double.self, forKey: .mutationProbability) ?? defaults.mutationProbability
        shrinkEvery = try c.decodeIfPresent(Double.self, forKey: .shrinkEvery) ?? defaults.shrinkEvery
        shrinkMinExpected = try c.decodeIfPresent(Double.self, forKey: .shrinkMinExpected)
        targets = try c.decodeIfPresent([TargetConfig].self, forKey: .targets) ?? defaults.targets
        constraint = try c.decodeIfPresent(ConstraintMode.self, forKey: .constraint) ?? defaults.constraint
        channelScaling = try c.decodeIfPresent(Bool.self, forKey: .channelScaling)
        lambdaStep = try c.decodeIfPresent(Double.self, forKey: .lambdaStep)
        lambdaInitial = try c.decodeIfPresent(Double.self, forKey: .lambdaInitial)
        accuracySettings = try c.decodeIfPresent([String: String].self, forKey: .accuracySettings) ?? [:]
        maxMeasurements = try c.decodeIfPresent(Int.self, forKey: .maxMeasurements)
        maxWallSeconds = try c.decodeIfPresent(Double.self, forKey: .maxWallSeconds)
        fleet = try c.decodeIfPresent(FleetConfig.self, forKey: .fleet) ?? defaults.fleet
        output = try c.decodeIfPresent(String.self, forKey: .output) ?? defaults.output
    }

    /// The latency targets in the search's terms.
    public var latencyTargets: [LatencyTarget] {
        targets.map { LatencyTarget(device: $0.device, maxLatencyMs: $0.maxLatencyMs) }
    }

    /// True for a search of the spos space (no benchmark table: every figure is measured or
    /// evaluated by a worker).
    public var isSPOS: Bool { space == .spos }

    /// Whether dynamic channel scaling is on: as configured, else on for an HSCoNAS search of
    /// spos in `hard` mode (it is part of the hard mode; `lambda` steers by its multiplier).
    public var usesChannelScaling: Bool { channelScaling ?? (isSPOS && constraint == .hard && strategy == .hsconas) }

    /// The evaluator local accuracy workers run: as configured, else the benchmark table for
    /// nb201 and the NASWOT proxy for spos.
    public var accuracyEvaluator: AccuracyEvaluatorKind { fleet.accuracyEvaluator ?? .defaultFor(space) }

    /// The HSCoNAS EA's options this config describes.
    public var evolutionOptions: HSCoNASEvolution.Options {
        var options = HSCoNASEvolution.Options()
        options.constraintMode = constraint
        options.channelScaling = usesChannelScaling
        if let lambdaStep { options.lambdaStep = lambdaStep }
        if let lambdaInitial { options.lambdaInitial = lambdaInitial }
        if let shrinkMinExpected { options.shrinking.minimumExpectedCount = shrinkMinExpected }
        return options
    }

    /// The strategy settings this config describes.
    public var searchSettings: SearchSettings {
        var settings = SearchSettings(
            seed: seed, budget: budget, targets: latencyTargets, population: population, parents: parents,
            mutationProbability: mutationProbability, shrinkEvery: shrinkEvery)
        // `decide: lazy-all` evaluates candidates before it knows they are infeasible: the budget
        // counts the feasible ones, as a search that measures first gets them. λ mode evaluates
        // every candidate by design, so its budget counts them all.
        settings.budgetCountsInfeasible = constraint == .lambda || !targets.contains(where: \.decidesLazilyBothSides)
        return settings
    }
}
