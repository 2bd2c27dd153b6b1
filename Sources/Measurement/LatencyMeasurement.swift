/// One measured latency: the statistics of the kept attempt, how many attempts it took, and
/// where it was measured.
public struct LatencyMeasurement: Sendable, Hashable, Codable {
    public var statistics: LatencyStatistics
    public var attempts: Int
    public var environment: MeasurementEnvironment

    public init(statistics: LatencyStatistics, attempts: Int, environment: MeasurementEnvironment) {
        self.statistics = statistics
        self.attempts = attempts
        self.environment = environment
    }

    /// The figure a search uses: the median, in milliseconds.
    public var milliseconds: Double { statistics.median }
}
