/// What a search returns, written as the run's `result.json`.
public struct SearchResult: Sendable, Codable, Hashable {
    /// A cell's latency on one device, with where the figure came from.
    public struct Figure: Sendable, Codable, Hashable {
        /// The latency in ms.
        public var value: Double
        /// `measured`, `replay`, `table` or `proxy`.
        public var source: String
    }

    /// An architecture with its accuracy and latency figures: the best found, or the optimum.
    public struct Cell: Sendable, Codable, Hashable {
        /// The architecture in the space's text form.
        public var architecture: String
        /// Standard NAS-Bench-201 index; nil outside nb201.
        public var index: Int?
        /// The validation accuracy the candidate was selected on; nil when the evaluator reports
        /// a proxy score instead.
        public var validAccuracy: Double?
        /// `nil` when the worker that evaluated it reported no test accuracy.
        public var testAccuracy: Double?
        /// A training-free proxy's score (NASWOT) the candidate was selected on, when the
        /// evaluator reports no validation accuracy. Not an accuracy.
        public var proxyScore: Double?
        /// Where the selection figure came from (`table` for the benchmark table, `proxy`, …).
        public var accuracySource: String
        /// Latency per target device.
        public var latencyMs: [String: Figure]

        enum CodingKeys: String, CodingKey {
            case architecture, index
            case validAccuracy = "valid_accuracy"
            case testAccuracy = "test_accuracy"
            case proxyScore = "proxy_score"
            case accuracySource = "accuracy_source"
            case latencyMs = "latency_ms"
        }
    }

    /// One progressive-shrinking step: a choice dropped from a position.
    public struct Shrink: Sendable, Codable, Hashable {
        /// Generation after which the space was shrunk.
        public var generation: Int
        /// Name of the position, e.g. `edge 2<-1`.
        public var position: String
        /// Name of the choice dropped, e.g. `avg_pool_3x3`.
        public var dropped: String
        /// The dropped choice's score: its share of the top feasible candidates relative to its share of
        /// the space.
        public var score: Double
        /// Architectures the space admitted before the step.
        public var spaceSizeBefore: Double
        /// Architectures the space admitted after the step.
        public var spaceSizeAfter: Double

        enum CodingKeys: String, CodingKey {
            case generation, position, dropped, score
            case spaceSizeBefore = "space_size_before"
            case spaceSizeAfter = "space_size_after"
        }
    }

    /// How a device's latency model was used: which model (`table`: the operator table with the
    /// correction a · Σ table + b, measuring where the interval of `confidence` standard deviations
    /// `log_sd` holds the limit, or within a fixed ±`band` of it; `transfer` or `regression`: learned
    /// from the device's own measurements, on the known devices' latencies or per position,
    /// measuring where the interval of `confidence` standard deviations holds the limit),
    /// candidates decided on it, and real measurements it learned from.
    public struct ModelUse: Sendable, Codable, Hashable {
        /// `table`, `transfer` or `regression`.
        public var kind: String
        /// Candidates decided on the model without a measurement.
        public var screened: Int
        /// Real measurements the model learned from.
        public var measured: Int
        /// `table`: the correction's scale a; nil for the other kinds.
        public var a: Double?
        /// `table`: the correction's offset b, in ms; nil for the other kinds.
        public var b: Double?
        /// `table`: the fixed band's relative half-width; nil when the interval decides.
        public var band: Double?
        /// Standard deviations of the prediction interval; nil for `table` with a band.
        public var confidence: Double?
        /// `table` without a band: the spread of log(measured / predicted) its interval used at the end.
        public var logSD: Double?
        /// `transfer`: the known devices whose latency the device's model is fitted on.
        public var references: [String]?

        enum CodingKeys: String, CodingKey {
            case kind, screened, measured, a, b, band, confidence, references
            case logSD = "log_sd"
        }

        /// A use as a screening model reports it (``ScreeningModel/use``).
        public init(
            kind: String, screened: Int, measured: Int, a: Double? = nil, b: Double? = nil, band: Double? = nil,
            confidence: Double? = nil, logSD: Double? = nil, references: [String]? = nil
        ) {
            self.kind = kind
            self.screened = screened
            self.measured = measured
            self.a = a
            self.b = b
            self.band = band
            self.confidence = confidence
            self.logSD = logSD
            self.references = references
        }
    }

    /// Dynamic channel scaling in a run: how many candidates were widened, and the first few
    /// (the full log is `search-log.json` next to `result.json`).
    public struct ChannelScaling: Sendable, Codable, Hashable {
        /// Candidates widened in the whole run.
        public var count: Int
        /// The first three scaling decisions.
        public var examples: [SearchLog.Scaling]
        /// The file holding every scaling decision.
        public var log: String
    }

    /// The space size after each generation in which it changed, starting from the whole space.
    public struct SpaceSize: Sendable, Codable, Hashable {
        /// Generation after which the space had this size (0: the start).
        public var generation: Int
        /// Architectures the space admitted.
        public var size: Double
    }

    /// The run's name (`name` in the config).
    public var run: String
    /// `nb201` or `spos`.
    public var space: String
    /// `hsconas`, `random` or `regularized-evolution`.
    public var strategy: String
    /// The seed the strategy ran with (`seed` in the config).
    public var seed: UInt64
    /// The NAS-Bench-201 dataset; nil for spos.
    public var dataset: String?
    /// `hard` or `lambda`.
    public var constraint: String
    /// The config's targets, relative limits resolved to ms.
    public var targets: [TargetConfig]
    /// The best architecture meeting every target; `nil` when none was found.
    public var best: Cell?
    /// The exhaustive optimum under the same targets (from the benchmark table).
    public var optimum: Cell?
    /// Optimum valid accuracy minus the best's, in accuracy points.
    public var regretValid: Double?
    /// Which targets the optimum honours: all of them, or only the replayed ones when some
    /// device is measured for real (then the regret is an upper bound).
    public var optimumScope: String
    /// Accuracy evaluations the budget counted (all of them, unless it counts feasible candidates only).
    public var accuracyEvaluations: Int
    /// Every accuracy evaluation made, those of candidates found infeasible included; set only when
    /// the budget counts feasible candidates alone (`decide: lazy-all`).
    public var accuracyEvaluationsInAll: Int? = nil
    /// Latency figures obtained from workers (a memoized one counted once).
    public var latencyLookups: Int
    /// Candidates the strategy was told, evaluated for accuracy or not.
    public var candidates: Int
    /// The strategy's generation counter at the end.
    public var generations: Int
    /// Jobs that failed for good.
    public var failedJobs: Int
    /// Wall-clock seconds this process took, from its start to the result (a resumed run: its own only).
    public var wallSeconds: Double
    /// Every progressive-shrinking step, in order.
    public var shrinkLog: [Shrink]
    /// The space size over the run (before any shrink, then after each).
    public var spaceSize: [SpaceSize]
    /// Channel scaling decisions; nil when the search did not scale channels.
    public var channelScaling: ChannelScaling?
    /// λ over the run (`lambda` constraint mode); nil otherwise.
    public var lambdaTrajectory: [SearchLog.LambdaStep]?
    /// The run's SQLite store.
    public var store: String
    /// Per device with a latency model: how it was used; nil when no target has one.
    public var latencyModels: [String: ModelUse]?
    /// Real latency measurements each measured device answered (failed ones included); replayed
    /// devices are not listed.
    public var measurements: [String: Int]? = nil
    /// What ended the search before its budget: `max_measurements …` or `max_wall_seconds …`; nil
    /// when it ran to its end. Such a run can be continued with `--resume` and a larger bound.
    public var stoppedBy: String? = nil
    /// Why the strategy ended before its budget was spent (`stalled: …`, the space exhausted, the
    /// candidate limit); nil when it spent its budget or a bound stopped it.
    public var endedBy: String? = nil
    /// What the search cost each target device: measurements (or a replayed device's look-ups),
    /// their device-seconds, and candidates decided on the device's model instead.
    public var deviceCost: [String: DeviceCost]? = nil

    enum CodingKeys: String, CodingKey {
        case run, space, strategy, seed, dataset, constraint, targets, best, optimum
        case regretValid = "regret_valid"
        case optimumScope = "optimum_scope"
        case accuracyEvaluations = "accuracy_evaluations"
        case accuracyEvaluationsInAll = "accuracy_evaluations_in_all"
        case latencyLookups = "latency_lookups"
        case candidates, generations
        case failedJobs = "failed_jobs"
        case wallSeconds = "wall_seconds"
        case shrinkLog = "shrink_log"
        case spaceSize = "space_size"
        case channelScaling = "channel_scaling"
        case lambdaTrajectory = "lambda_trajectory"
        case store
        case latencyModels = "latency_models"
        case measurements
        case stoppedBy = "stopped_by"
        case endedBy = "ended_by"
        case deviceCost = "device_cost"
    }
}
