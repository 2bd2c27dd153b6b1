/// One latency target in a config: `{device: raspi4, max_latency_ms: 25}`, optionally with how
/// its latency is obtained: `runtime: replay` (the benchmark table's column; the default),
/// `native` or `onnxruntime` (measured for real by local workers `hsconas search` starts, with
/// `threads` and `cores`), or `remote` (measured by workers you start on the device itself).
public struct TargetConfig: Sendable, Hashable, Codable {
    public var device: String
    public var maxLatencyMs: Double
    public var runtime: String
    public var threads: Int
    /// CPUs local measuring workers pin to; nil picks the highest-numbered ones.
    public var cores: [Int]?
    /// `table`: screen candidates on the device's profiled operator table (HSCoNAS's hardware
    /// model) and measure only those predicted within `band` of the limit; `none` measures all;
    /// nil is `table` on spos and `none` on nb201.
    public var model: String?
    /// The store holding the device's operator table (`hsconas profile --store`). On spos it may
    /// be left out (`<output>/profiles.sqlite`) and is profiled through the fleet when missing.
    public var profile: String?
    /// Relative half-width of the band around the limit where candidates are measured.
    public var band: Double

    public static let runtimes = ["replay", "native", "onnxruntime", "remote"]
    /// `table`: the profiled operator table with its online correction; `none`: measure every candidate.
    public static let models = ["table", "none"]

    public init(
        device: String, maxLatencyMs: Double, runtime: String = "replay", threads: Int = 1, cores: [Int]? = nil,
        model: String? = nil, profile: String? = nil, band: Double = 0.1
    ) {
        self.device = device
        self.maxLatencyMs = maxLatencyMs
        self.runtime = runtime
        self.threads = threads
        self.cores = cores
        self.model = model
        self.profile = profile
        self.band = band
    }

    /// Whether candidates are screened on the operator table: as configured, and by default on
    /// spos (HSCoNAS's hardware model; nb201 measures every candidate unless told otherwise).
    public func usesModel(spos: Bool) -> Bool {
        model.map { $0 == "table" } ?? spos
    }

    /// True when the latency comes from the benchmark table rather than a measurement.
    public var isReplayed: Bool { runtime == "replay" }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case device
        case maxLatencyMs = "max_latency_ms"
        case runtime, threads, cores, model, profile, band
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        device = try c.decode(String.self, forKey: .device)
        maxLatencyMs = try c.decode(Double.self, forKey: .maxLatencyMs)
        runtime = try c.decodeIfPresent(String.self, forKey: .runtime) ?? "replay"
        threads = try c.decodeIfPresent(Int.self, forKey: .threads) ?? 1
        cores = try c.decodeIfPresent([Int].self, forKey: .cores)
        model = try c.decodeIfPresent(String.self, forKey: .model)
        profile = try c.decodeIfPresent(String.self, forKey: .profile)
        band = try c.decodeIfPresent(Double.self, forKey: .band) ?? 0.1
    }
}
