/// A snapshot of a running search, for the live progress line.
public struct SearchProgress: Sendable, Hashable {
    public var generation: Int
    public var accuracyEvaluations: Int
    public var budget: Int
    /// Latency figures obtained (look-ups and measurements), all devices.
    public var latencyLookups: Int
    /// Accuracy evaluations per second since the start.
    public var evaluationsPerSecond: Double
    /// Best feasible candidate so far: selection (valid) and reported (test) accuracy.
    public var bestValidAccuracy: Double?
    public var bestTestAccuracy: Double?
    public var workersOnline: Int
    public var failedJobs: Int
    /// Size of the space after progressive shrinking.
    public var spaceSize: Double

    /// One line for a terminal.
    public var line: String {
        let best = bestValidAccuracy.map { String(format: "%.2f", $0) } ?? "–"
        let test = bestTestAccuracy.map { String(format: "%.2f", $0) } ?? "–"
        let rate = String(format: "%.1f", evaluationsPerSecond)
        return "gen \(generation) · evals \(accuracyEvaluations)/\(budget) · lookups \(latencyLookups) · \(rate) evals/s"
            + " · best valid \(best) test \(test) · workers \(workersOnline)"
            + (failedJobs > 0 ? " · failed \(failedJobs)" : "")
    }
}
