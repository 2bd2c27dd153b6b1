import Measurement
/// One latency target in a config: `{device: raspi4, max_latency_ms: 25}`, optionally with how
/// its latency is obtained: `runtime: replay` (the benchmark table's column; the default),
/// `native` or `onnxruntime` (measured for real by local workers `hsconas search` starts, with
/// `threads` and `cores`), or `remote` (measured by workers you start on the device itself).
///
/// The limit is absolute (`max_latency_ms: 8`) or relative to the device (`max_latency: p30`, the
/// 30th percentile of the device's own latency over a seeded sample of `limit_sample` networks,
/// measured when the search starts — so one config means the same on a fast and a slow machine).
public struct TargetConfig: Sendable, Hashable, Codable {
    /// The device name jobs are routed by; its workers register with the same `--device`.
    public var device: String
    /// The limit in ms: as written, or once resolved from ``maxLatency`` (0 until then).
    public var maxLatencyMs: Double
    /// A limit relative to the device, `pNN`; nil when the limit is absolute.
    public var maxLatency: String?
    /// Networks measured to resolve a relative limit (a replayed device uses its whole table column).
    public var limitSample: Int
    /// How the latency is obtained: `replay` (the default), `native`, `onnxruntime` or `remote`.
    public var runtime: RuntimeKind
    /// Threads the runtime of local measuring workers may use (default 1).
    public var threads: Int
    /// CPUs local measuring workers pin to; nil picks the highest-numbered ones.
    public var cores: [Int]?
    /// `table`: screen candidates on the device's profiled operator table (HSCoNAS's hardware
    /// model, corrected online) and measure only those whose prediction interval (`confidence`
    /// standard deviations of its leave-one-out error) holds the limit, or that are within a fixed
    /// `band` of it when one is set; `regression`: learn the device's latency from its own
    /// measurements during the search and measure only candidates whose prediction interval
    /// (`confidence` standard deviations) holds the limit; `none`
    /// measures all. nil is `table` on spos, `regression` on nb201 for a measured device and
    /// `none` for a replayed one (its look-ups are free; `model: regression` on a replayed nb201
    /// device learns it from the table's other devices, to see what a real one would cost).
    public var model: TargetLatencyModel?
    /// The store holding the device's operator table (`hsconas profile --store`). On spos it may
    /// be left out (`<output>/profiles.sqlite`) and is profiled through the fleet when missing.
    public var profile: String?
    /// Relative half-width of a fixed band around the limit where candidates are measured
    /// (`table`); nil measures where the prediction interval holds the limit.
    public var band: Double?
    /// Standard deviations of the prediction interval that decides a measurement (`regression`,
    /// and `table` without a band).
    public var confidence: Double
    /// Which candidates the model decides without a measurement. `interval`: only those clearly on
    /// one side of the limit. `lazy`: past calibration, also an undecided one predicted under the
    /// limit, measured only once its accuracy would make it one of the `confirm_top` best
    /// candidates confirmed feasible so far (the strategy is then told the measured figure). `lazy-all`: the
    /// same on both sides of the limit: an undecided candidate predicted over it is told as at the
    /// limit so its accuracy is evaluated, then measured if it would be a parent, else told its
    /// prediction (infeasible); the search's budget then counts feasible candidates only, so
    /// those accuracy evaluations come on top of it. Needs a model.
    public var decide: TargetDecisionRule

    /// A target; each default is what a config gets when it leaves the key out.
    public init(
        device: String, maxLatencyMs: Double, runtime: RuntimeKind = .replay, threads: Int = 1, cores: [Int]? = nil,
        model: TargetLatencyModel? = nil, profile: String? = nil, band: Double? = nil, maxLatency: String? = nil,
        limitSample: Int = TargetConfig.defaultLimitSample, confidence: Double = 2, decide: TargetDecisionRule = .interval
    ) {
        self.device = device
        self.maxLatencyMs = maxLatencyMs
        self.maxLatency = maxLatency
        self.limitSample = limitSample
        self.runtime = runtime
        self.threads = threads
        self.cores = cores
        self.model = model
        self.profile = profile
        self.band = band
        self.confidence = confidence
        self.decide = decide
    }

    /// Whether undecided candidates predicted under the limit wait for their accuracy (`decide: lazy`
    /// or `lazy-all`).
    public var decidesLazily: Bool { decide != .interval }

    /// Whether undecided candidates predicted over the limit wait for their accuracy too (`decide: lazy-all`).
    public var decidesLazilyBothSides: Bool { decide == .lazyAll }

    /// Whether candidates are screened on the operator table: as configured, and by default on
    /// spos (HSCoNAS's hardware model).
    public func usesOperatorTable(spos: Bool) -> Bool {
        model.map { $0 == .table } ?? spos
    }

    /// Whether the device's candidates are screened on a regression learned from its own
    /// measurements: as configured, and by default for a measured device on nb201.
    public func usesRegression(spos: Bool) -> Bool {
        model.map { $0 == .regression } ?? (!spos && !isReplayed)
    }

    /// Networks measured to resolve a relative limit when the config names no `limit_sample`.
    public static let defaultLimitSample = 24

    /// The relative limit, when the target has one that parses.
    public var relativeLimit: RelativeLatencyLimit? {
        maxLatency.flatMap { try? RelativeLatencyLimit(parsing: $0) }
    }

    /// True when the latency comes from the benchmark table rather than a measurement.
    public var isReplayed: Bool { runtime.isReplayed }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case device
        case maxLatencyMs = "max_latency_ms"
        case maxLatency = "max_latency"
        case limitSample = "limit_sample"
        case runtime, threads, cores, model, profile, band, confidence, decide
    }

    /// Decodes a `targets:` entry; a missing key takes its default (validation names a target with
    /// neither limit or both).
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        device = try c.decode(String.self, forKey: .device)
        maxLatency = try c.decodeIfPresent(String.self, forKey: .maxLatency)
        // Either limit may be given; validation names a target with neither or both.
        maxLatencyMs = try c.decodeIfPresent(Double.self, forKey: .maxLatencyMs) ?? 0
        limitSample = try c.decodeIfPresent(Int.self, forKey: .limitSample) ?? Self.defaultLimitSample
        runtime = try c.decodeChoice(RuntimeKind.self, forKey: .runtime, noun: "runtime", allowed: RuntimeKind.targetRuntimes)
            ?? .replay
        threads = try c.decodeIfPresent(Int.self, forKey: .threads) ?? 1
        cores = try c.decodeIfPresent([Int].self, forKey: .cores)
        model = try c.decodeChoice(TargetLatencyModel.self, forKey: .model, noun: "latency model")
        profile = try c.decodeIfPresent(String.self, forKey: .profile)
        band = try c.decodeIfPresent(Double.self, forKey: .band)
        confidence = try c.decodeIfPresent(Double.self, forKey: .confidence) ?? 2
        decide = try c.decodeChoice(TargetDecisionRule.self, forKey: .decide, noun: "rule") ?? .interval
    }
}
