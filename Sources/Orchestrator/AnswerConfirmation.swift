import Search
import SearchSpace

/// Confirms a search's answer when some latencies were only predicted: the best evaluated
/// architecture meeting every target on *measured* (or replayed) latency.
struct AnswerConfirmation {
    let space: any SearchSpace
    let recorder: EvaluationRecorder
    let screening: LatencyScreening
    let jobs: FleetJobChannel

    /// Candidates in order of selection figure (validation accuracy, else proxy score), each
    /// latency that was only predicted measured now, until one holds. Nil when none of the first
    /// `limit` does.
    func best(targets: [LatencyTarget], limit: Int) async -> (Architecture, Double)? {
        for (name, accuracy) in recorder.rankedBySelection().prefix(limit) {
            if Task.isCancelled { return nil }
            guard let architecture = try? space.parse(name) else { continue }
            var latencies: [String: Double] = [:]
            for target in targets {
                if let known = recorder.latency(of: name, device: target.device) {
                    if let known { latencies[target.device] = known }
                } else if let value = await jobs.measure(name, device: target.device) {
                    latencies[target.device] = value
                    screening.learn(
                        architecture, key: MetricKey(architecture: name, metric: MetricKey.latency, device: target.device),
                        measuredMs: value)
                }
            }
            if targets.areMet(by: latencies) { return (architecture, accuracy) }
        }
        return nil
    }
}
