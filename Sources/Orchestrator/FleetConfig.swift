import Measurement

/// The `fleet:` section of a config: where the coordinator listens and which local workers
/// `hsconas search` starts.
public struct FleetConfig: Sendable, Hashable, Codable {
    /// ZeroMQ endpoint the coordinator binds, e.g. `tcp://*:5555`, as the config names it; nil when
    /// it names none (`hsconas search` then binds ``localBind``, `hsconas coordinator` every interface).
    public var bind: String?
    /// Where `hsconas search` binds when the config names no endpoint: loopback, any free port.
    public static let localBind = "tcp://127.0.0.1:*"
    /// Heartbeat interval; a worker silent for 3 intervals is dead and its jobs are re-queued.
    public var heartbeatMs: Int = 1000
    /// Local accuracy workers started by `hsconas search`.
    public var accuracyWorkers: Int = 2
    /// Local latency workers per target device started by `hsconas search`.
    public var workersPerDevice: Int = 1
    /// Simulated evaluation time per job in local workers, to watch a search unfold (0: none).
    public var simulatedDelayMs: Int = 0
    /// How long a worker may hold a job before its lease expires and the job goes to another
    /// worker (its late answer is ignored), in ms; 0: no limit.
    public var jobDeadlineMs: Int = 0
    /// The `fleet.measurement:` section as the config gives it; nil when it has none (then jobs
    /// carry no method: ``jobMethod``).
    public var givenMeasurement: MeasurementConfig?
    /// How measuring workers time networks: local ones (targets with runtime native or onnxruntime)
    /// get it as flags. The given section, else the defaults; setting it gives the section.
    public var measurement: MeasurementConfig {
        get { givenMeasurement ?? MeasurementConfig() }
        set { givenMeasurement = newValue }
    }
    /// CURVE encryption and the worker allow-list; `nil`: plain text.
    public var security: Security?
    /// What local accuracy workers evaluate with: `table` (NAS-Bench-201), `proxy` (NASWOT score)
    /// or `command` (`evaluator_command`); nil takes the space's default (see `SearchConfig`).
    public var accuracyEvaluator: AccuracyEvaluatorKind?
    /// The user's evaluator command line for `accuracy_evaluator: command`.
    public var evaluatorCommand: String?

    /// A section with every default: two accuracy workers, one latency worker per device, 1 s heartbeat.
    public init() {}

    /// The measurement method every latency and profile job carries: the config's
    /// `fleet.measurement` when it has one, so workers started by hand time as it says; else none,
    /// and each worker times by its own flags.
    public var jobMethod: [String: String] { givenMeasurement?.settings.method ?? [:] }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case bind
        case heartbeatMs = "heartbeat_ms"
        case accuracyWorkers = "accuracy_workers"
        case workersPerDevice = "workers_per_device"
        case simulatedDelayMs = "simulated_delay_ms"
        case jobDeadlineMs = "job_deadline_ms"
        case givenMeasurement = "measurement"
        case security
        case accuracyEvaluator = "accuracy_evaluator"
        case evaluatorCommand = "evaluator_command"
    }

    /// Decodes the `fleet:` section; a missing key keeps its default (``givenMeasurement`` stays nil).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = FleetConfig()
        bind = try c.decodeIfPresent(String.self, forKey: .bind)
        heartbeatMs = try c.decodeIfPresent(Int.self, forKey: .heartbeatMs) ?? defaults.heartbeatMs
        accuracyWorkers = try c.decodeIfPresent(Int.self, forKey: .accuracyWorkers) ?? defaults.accuracyWorkers
        workersPerDevice = try c.decodeIfPresent(Int.self, forKey: .workersPerDevice) ?? defaults.workersPerDevice
        simulatedDelayMs = try c.decodeIfPresent(Int.self, forKey: .simulatedDelayMs) ?? defaults.simulatedDelayMs
        jobDeadlineMs = try c.decodeIfPresent(Int.self, forKey: .jobDeadlineMs) ?? defaults.jobDeadlineMs
        givenMeasurement = try c.decodeIfPresent(MeasurementConfig.self, forKey: .givenMeasurement)
        security = try c.decodeIfPresent(Security.self, forKey: .security)
        accuracyEvaluator = try c.decodeChoice(AccuracyEvaluatorKind.self, forKey: .accuracyEvaluator, noun: "evaluator")
        evaluatorCommand = try c.decodeIfPresent(String.self, forKey: .evaluatorCommand)
    }
}
