/// One measured latency: the statistics of the kept attempt, how many attempts it took, and
/// where it was measured.
public struct LatencyMeasurement: Sendable, Hashable, Codable {
    /// Statistics of the attempt with the lowest coefficient of variation.
    public var statistics: LatencyStatistics
    /// Attempts made, 1 up to ``MeasurementSettings/attempts``.
    public var attempts: Int
    /// The host, CPUs, threads, batch and runtime it was measured with.
    public var environment: MeasurementEnvironment

    /// Bundles a harness result with its environment.
    public init(statistics: LatencyStatistics, attempts: Int, environment: MeasurementEnvironment) {
        self.statistics = statistics
        self.attempts = attempts
        self.environment = environment
    }

    /// The figure a search uses: the median, in milliseconds.
    public var milliseconds: Double { statistics.median }
}
