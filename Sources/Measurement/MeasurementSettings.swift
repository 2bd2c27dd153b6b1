/// How a latency is measured (Docs/design.md §5): pin, warm up, repeat until both a minimum count and a
/// minimum time are reached, re-measure while the spread is too high.
public struct MeasurementSettings: Sendable, Hashable, Codable {
    /// Untimed runs before timing.
    public var warmupRuns: Int
    /// Timed runs: at least this many …
    public var minimumRuns: Int
    /// … and for at least this long.
    public var minimumSeconds: Double
    /// Stop an attempt after this many runs even if the time is not reached (slow networks).
    public var maximumRuns: Int
    /// Re-measure when the coefficient of variation is above this.
    public var maximumVariation: Double
    /// Attempts in all; the one with the lowest variation is kept.
    public var attempts: Int
    /// CPUs the measuring thread and the BLAS threads are pinned to.
    public var cores: [Int]
    /// Threads the runtime may use.
    public var threads: Int
    /// Samples per run.
    public var batch: Int

    /// Defaults: 3 warm-ups, at least 10 runs and 0.3 s (at most 1000 runs), CV up to 0.05, 3 attempts,
    /// 1 thread, batch 1; `cores` nil means ``defaultCores(threads:)``.
    public init(
        warmupRuns: Int = 3, minimumRuns: Int = 10, minimumSeconds: Double = 0.3, maximumRuns: Int = 1000,
        maximumVariation: Double = 0.05, attempts: Int = 3, cores: [Int]? = nil, threads: Int = 1, batch: Int = 1
    ) {
        self.warmupRuns = warmupRuns
        self.minimumRuns = minimumRuns
        self.minimumSeconds = minimumSeconds
        self.maximumRuns = maximumRuns
        self.maximumVariation = maximumVariation
        self.attempts = attempts
        self.cores = cores ?? Self.defaultCores(threads: threads)
        self.threads = threads
        self.batch = batch
    }

    /// The highest-numbered CPUs, one per thread: CPU 0 takes most interrupts and housekeeping.
    public static func defaultCores(threads: Int) -> [Int] {
        let available = CPUInfo.onlineCPUs
        let count = min(max(threads, 1), available)
        return Array((available - count)..<available)
    }

    /// The most warm-up or timed runs one measurement may ask for.
    public static let mostRuns = 100_000
    /// The longest minimum time of one attempt, in seconds.
    public static let mostSeconds = 3600.0
    /// The most attempts of one measurement.
    public static let mostAttempts = 100

    /// Checks every field, naming the first one that is out of range.
    public func validate() throws(MeasurementError) {
        func fail(_ field: String, _ value: String, _ expected: String) -> MeasurementError {
            MeasurementError.invalidSetting(field: field, value: value, expected: expected)
        }
        if warmupRuns < 0 { throw fail("warmup", "\(warmupRuns)", "0 or more") }
        if minimumRuns < 1 { throw fail("min-runs", "\(minimumRuns)", "at least 1") }
        if !(minimumSeconds >= 0) { throw fail("min-seconds", "\(minimumSeconds)", "0 or more") }
        if maximumRuns < minimumRuns { throw fail("max-runs", "\(maximumRuns)", "at least min-runs (\(minimumRuns))") }
        if !(maximumVariation > 0) { throw fail("max-cv", "\(maximumVariation)", "above 0") }
        if attempts < 1 { throw fail("attempts", "\(attempts)", "at least 1") }
        // Upper bounds: a measurement must end, and its samples must fit in memory, whatever a
        // config, a flag or a job (from any coordinator) asks for.
        if warmupRuns > Self.mostRuns { throw fail("warmup", "\(warmupRuns)", "at most \(Self.mostRuns)") }
        if minimumRuns > Self.mostRuns { throw fail("min-runs", "\(minimumRuns)", "at most \(Self.mostRuns)") }
        if maximumRuns > Self.mostRuns * 10 { throw fail("max-runs", "\(maximumRuns)", "at most \(Self.mostRuns * 10)") }
        if minimumSeconds > Self.mostSeconds {
            throw fail("min-seconds", "\(minimumSeconds)", "at most \(Int(Self.mostSeconds))")
        }
        if !maximumVariation.isFinite { throw fail("max-cv", "\(maximumVariation)", "a finite number") }
        if attempts > Self.mostAttempts { throw fail("attempts", "\(attempts)", "at most \(Self.mostAttempts)") }
        if threads < 1 { throw fail("threads", "\(threads)", "at least 1") }
        if batch < 1 { throw fail("batch", "\(batch)", "at least 1") }
        let online = CPUInfo.onlineCPUs
        if cores.isEmpty || cores.contains(where: { $0 < 0 || $0 >= online }) {
            throw fail("cores", cores.map(String.init).joined(separator: ","), "CPUs within 0...\(online - 1)")
        }
    }
}
