import Measurement

/// The `fleet.measurement:` section: how measuring workers time each network (Docs/design.md §5); local
/// workers get it as flags, and every latency and profile job carries it (``FleetConfig/jobMethod``).
public struct MeasurementConfig: Sendable, Hashable, Codable {
    /// Untimed runs before timing (`warmup_runs`).
    public var warmupRuns: Int = 3
    /// Timed runs: at least this many (`min_runs`) …
    public var minRuns: Int = 10
    /// … and for at least this many seconds (`min_seconds`).
    public var minSeconds: Double = 0.3
    /// Re-measure when the coefficient of variation is above this (`max_cv`).
    public var maxCV: Double = 0.05
    /// Attempts in all; the one with the lowest variation is kept.
    public var attempts: Int = 3

    /// The defaults: 3 warm-up runs, at least 10 runs and 0.3 s, CV 0.05, 3 attempts.
    public init() {}

    /// The config carrying `settings`' method (cores, threads and batch are per target).
    public init(_ settings: MeasurementSettings) {
        warmupRuns = settings.warmupRuns
        minRuns = settings.minimumRuns
        minSeconds = settings.minimumSeconds
        maxCV = settings.maximumVariation
        attempts = settings.attempts
    }

    /// These settings as the harness takes them.
    public var settings: MeasurementSettings {
        MeasurementSettings(
            warmupRuns: warmupRuns, minimumRuns: minRuns, minimumSeconds: minSeconds, maximumRuns: max(1000, minRuns),
            maximumVariation: maxCV, attempts: attempts)
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case warmupRuns = "warmup_runs"
        case minRuns = "min_runs"
        case minSeconds = "min_seconds"
        case maxCV = "max_cv"
        case attempts
    }

    /// Decodes the `fleet.measurement:` section; a missing key keeps its default.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = MeasurementConfig()
        warmupRuns = try c.decodeIfPresent(Int.self, forKey: .warmupRuns) ?? defaults.warmupRuns
        minRuns = try c.decodeIfPresent(Int.self, forKey: .minRuns) ?? defaults.minRuns
        minSeconds = try c.decodeIfPresent(Double.self, forKey: .minSeconds) ?? defaults.minSeconds
        maxCV = try c.decodeIfPresent(Double.self, forKey: .maxCV) ?? defaults.maxCV
        attempts = try c.decodeIfPresent(Int.self, forKey: .attempts) ?? defaults.attempts
    }

    /// The worker flags that carry these settings.
    public var workerArguments: [String] {
        [
            "--warmup", String(warmupRuns), "--min-runs", String(minRuns), "--min-seconds", String(minSeconds),
            "--max-cv", String(maxCV), "--attempts", String(attempts),
        ]
    }

    /// Checks every field, naming it.
    public func validate() throws(ConfigError) {
        do {
            try settings.validate()
        } catch {
            guard case .invalidSetting(let field, let value, let expected) = error else {
                throw ConfigError(field: "fleet.measurement", error.description)
            }
            let key = MeasurementSettings.methodKeyOfField[field] ?? field
            throw ConfigError(field: "fleet.measurement.\(key)", "'\(value)': expected \(expected)")
        }
    }
}
