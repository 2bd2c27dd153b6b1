/// Defaults of the NASWOT proxy on a worker, and how a job's settings override them.
public struct ProxySettings: Sendable, Hashable {
    /// Batch per space when neither the job nor the worker sets one: 64 for `nb201` (32×32
    /// inputs; ~0.5 s a cell on one busy core of this project's 2-vCPU machine), 8 for `spos`
    /// (224×224 inputs; ~0.35–0.45 s a network there, where 16 took ~0.8 s).
    public static let defaultBatches = ["nb201": 64, "spos": 8]
    /// Batch for a space not listed above.
    public static let fallbackBatch = 32
    /// Seed when neither the job nor the worker sets one.
    public static let defaultSeed: UInt64 = 0

    /// The worker's batch for every space (`--proxy-batch`); nil: the per-space defaults.
    public var batch: Int?
    /// The worker's seed (`--proxy-seed`).
    public var seed: UInt64

    /// Per-space default batches and seed 0 unless given.
    public init(batch: Int? = nil, seed: UInt64 = ProxySettings.defaultSeed) {
        self.batch = batch
        self.seed = seed
    }

    /// The proxy for a job in `space`: the job's `proxy_batch` / `proxy_seed` if set, else this
    /// worker's defaults. Errors name the setting and its value.
    public func proxy(space: String, settings: [String: String]) throws(EvaluatorError) -> NASWOTProxy {
        var batch = self.batch ?? Self.defaultBatches[space] ?? Self.fallbackBatch
        var seed = self.seed
        if let text = settings["proxy_batch"] {
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)) else {
                throw EvaluatorError(field: "proxy_batch", reason: "'\(text)' is not a whole number")
            }
            batch = value
        }
        if let text = settings["proxy_seed"] {
            guard let value = UInt64(text.trimmingCharacters(in: .whitespaces)) else {
                throw EvaluatorError(field: "proxy_seed", reason: "'\(text)' is not a non-negative whole number")
            }
            seed = value
        }
        return try NASWOTProxy(batch: batch, seed: seed)
    }
}
