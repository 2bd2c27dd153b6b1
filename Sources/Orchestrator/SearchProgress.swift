import Foundation
import SearchSpace

/// A snapshot of a running search, for the live progress line.
public struct SearchProgress: Sendable, Hashable {
    /// The strategy's generation counter.
    public var generation: Int
    /// Accuracy evaluations the budget has counted so far.
    public var accuracyEvaluations: Int
    /// Accuracy evaluations the search may spend (`budget`).
    public var budget: Int
    /// Latency figures obtained (look-ups and measurements), all devices.
    public var latencyLookups: Int
    /// Accuracy evaluations per second since the start.
    public var evaluationsPerSecond: Double
    /// Best feasible candidate so far: its selection figure (validation accuracy or proxy score,
    /// see ``selectionMetric``) and reported test accuracy.
    public var bestValidAccuracy: Double?
    /// The best candidate's test accuracy as its worker reported it; nil when none is known.
    public var bestTestAccuracy: Double?
    /// Workers registered with the coordinator now.
    public var workersOnline: Int
    /// Jobs that failed for good so far.
    public var failedJobs: Int
    /// Size of the space after progressive shrinking.
    public var spaceSize: Double
    /// What ``bestValidAccuracy`` is: `valid_accuracy` or `proxy_score`.
    public var selectionMetric: String
    /// Candidates widened by dynamic channel scaling so far.
    public var channelScalings: Int
    /// The current λ of a `lambda` search; nil otherwise.
    public var lambda: Double?
    /// Candidates decided on a latency model without a measurement, all devices.
    public var screened: Int
    /// Real latency measurements each measured device answered so far.
    public var measurements: [String: Int]

    /// A snapshot of these figures; ``FleetSearchDriver`` makes one after every told batch.
    public init(
        generation: Int, accuracyEvaluations: Int, budget: Int, latencyLookups: Int, evaluationsPerSecond: Double,
        bestValidAccuracy: Double?, bestTestAccuracy: Double?, workersOnline: Int, failedJobs: Int, spaceSize: Double,
        selectionMetric: String = "valid_accuracy", channelScalings: Int = 0, lambda: Double? = nil, screened: Int = 0,
        measurements: [String: Int] = [:]
    ) {
        self.generation = generation
        self.accuracyEvaluations = accuracyEvaluations
        self.budget = budget
        self.latencyLookups = latencyLookups
        self.evaluationsPerSecond = evaluationsPerSecond
        self.bestValidAccuracy = bestValidAccuracy
        self.bestTestAccuracy = bestTestAccuracy
        self.workersOnline = workersOnline
        self.failedJobs = failedJobs
        self.spaceSize = spaceSize
        self.selectionMetric = selectionMetric
        self.channelScalings = channelScalings
        self.lambda = lambda
        self.screened = screened
        self.measurements = measurements
    }

    /// One line for a terminal.
    public var line: String {
        let rate = String(format: "%.1f", evaluationsPerSecond)
        var text = "gen \(generation) · evals \(accuracyEvaluations)/\(budget) · lookups \(latencyLookups)"
            + (measurements.isEmpty
                ? "" : " · measured " + measurements.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
            + (screened > 0 ? " · screened \(screened)" : "") + " · \(rate) evals/s"
        if selectionMetric == "proxy_score" {
            // A training-free proxy is not an accuracy and is never called one.
            text += " · best proxy score " + (bestValidAccuracy.map { String(format: "%.2f", $0) } ?? "–")
        } else {
            let best = bestValidAccuracy.map { String(format: "%.2f", $0) } ?? "–"
            let test = bestTestAccuracy.map { String(format: "%.2f", $0) } ?? "–"
            text += " · best valid \(best) test \(test)"
        }
        if channelScalings > 0 { text += " · scaled \(channelScalings)" }
        if let lambda { text += " · λ " + String(format: "%.3f", lambda) }
        text += " · space " + SpaceSizeText.text(spaceSize)
        return text + " · workers \(workersOnline)" + (failedJobs > 0 ? " · failed \(failedJobs)" : "")
    }
}
