/// One search of `hsconas bench hsconas`: a latency target, a constraint mode and a seed, with
/// what the search returned and what it cost.
public struct HSCoNASBenchmarkRow: Sendable, Hashable, Codable {
    /// The latency target T (ms) on this CPU.
    public var targetMs: Double
    /// `hard+dcs`, `hard` or `lambda`.
    public var mode: String
    /// The search's seed, the same in every mode.
    public var seed: UInt64
    /// The returned architecture; nil when none met the target.
    public var architecture: String?
    /// Its latency as measured on this CPU (the search confirms the answer by a measurement).
    public var measuredMs: Double?
    /// Where `measuredMs` came from (`measured`; anything else would be a defect).
    public var latencySource: String?
    /// Its NASWOT proxy score.
    public var proxyScore: Double?
    /// Real measurements of whole networks, and candidates decided on the operator-table model.
    public var measurements: Int
    /// Candidates decided on the operator-table model without a measurement (0 with no model).
    public var screened: Int
    /// Candidates told to the strategy, and proxy evaluations spent.
    public var candidates: Int
    /// NASWOT proxy evaluations spent (the search's accuracy evaluations).
    public var evaluations: Int
    /// Candidates widened by dynamic channel scaling.
    public var channelScalings: Int
    /// Wall time of the search, in seconds.
    public var wallSeconds: Double
    /// The run folder (result.json, search-log.json, run.sqlite).
    public var run: String

    /// measured / T − 1: the aim is within −3 % … 0 % (feasible and using the budget).
    public var deviation: Double? { measuredMs.map { $0 / targetMs - 1 } }

    /// Creates a row from one finished search's figures.
    public init(
        targetMs: Double, mode: String, seed: UInt64, architecture: String?, measuredMs: Double?, latencySource: String?,
        proxyScore: Double?, measurements: Int, screened: Int, candidates: Int, evaluations: Int, channelScalings: Int,
        wallSeconds: Double, run: String
    ) {
        self.targetMs = targetMs
        self.mode = mode
        self.seed = seed
        self.architecture = architecture
        self.measuredMs = measuredMs
        self.latencySource = latencySource
        self.proxyScore = proxyScore
        self.measurements = measurements
        self.screened = screened
        self.candidates = candidates
        self.evaluations = evaluations
        self.channelScalings = channelScalings
        self.wallSeconds = wallSeconds
        self.run = run
    }
}
