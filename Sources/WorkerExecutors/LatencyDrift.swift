import Fleet
import Synchronization

/// A device that slows down mid-run (thermal throttling, a noisy neighbour), for fault injection:
/// after `after` latency jobs, every latency figure the worker answers is multiplied by `factor`.
/// A latency model fitted on the first figures is then confidently wrong, which is what the search's
/// answer confirmation must survive.
public final class LatencyDrift: Sendable {
    /// Latency jobs answered unchanged before the drift starts.
    public let after: Int
    /// Multiplier applied to `latency_ms` and to every latency sample once the drift starts.
    public let factor: Double
    private let answered = Atomic<Int>(0)

    /// A drift that answers the first `after` latency jobs unchanged and multiplies every later one by `factor`.
    public init(after: Int, factor: Double) {
        self.after = after
        self.factor = factor
    }

    /// `result` as the drifted device would have answered it; counts latency jobs.
    func apply(to result: JobResult, of job: JobSpec) -> JobResult {
        guard job.kind == .latency, let latency = result.metrics["latency_ms"] else { return result }
        let (count, _) = answered.add(1, ordering: .relaxed)
        guard count > after else { return result }
        var drifted = result
        drifted.metrics["latency_ms"] = latency * factor
        drifted.samples = result.samples.map { $0 * factor }
        drifted.environment["fault"] = "drift ×\(factor) after \(after) latency jobs"
        return drifted
    }
}
