import Fleet
import Search
import SearchSpace
import Store

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
                } else if let value = await reading(of: name, on: target.device, limitMs: target.maxLatencyMs) {
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

    /// Measures a latency that was only predicted, and stores it. A first reading over the limit of
    /// a network the model predicted under it is taken again and the faster reading kept (the
    /// slower, or a failed second reading, is stored as ``MetricKey/discardedLatency`` in the same
    /// write): a load spike on the device would otherwise reject a feasible answer, and a network
    /// really over the limit reads over it twice. A replayed figure is never read twice. Nil when
    /// a reading failed or the fleet stopped (nothing is stored then but the failure, so a resumed
    /// run takes both readings again).
    private func reading(of name: String, on device: String, limitMs: Double) async -> Double? {
        guard let answer = await jobs.answer(name, device: device) else { return nil }
        // Decided on the model during the search, and measured (or refused) now.
        screening.models[device]?.noteMeasuredAfterAll()
        guard case .completed(let spec, let result, let worker, let startedAt, let finishedAt) = answer else {
            if case .failed(let spec, let error, _) = answer { recorder.recordFailedJob(spec: spec, error: error) }
            return nil
        }
        let first = result.metrics[MetricKey.latency]
        let prediction = recorder.figure(MetricKey(architecture: name, metric: MetricKey.predictedLatency, device: device)) ?? nil
        // Only a real measurement earns a second reading; a refused source goes straight to its refusal.
        guard let first, first.isFinite, first > limitMs, let prediction, prediction <= limitMs,
            EvaluationSource(rawValue: result.source) == .measured
        else {
            return recorder.recordAnswer(spec: spec, result: result, worker: worker, startedAt: startedAt, finishedAt: finishedAt)
        }
        guard let again = await jobs.answer(name, device: device) else { return nil }
        return recorder.recordFasterReading(first: answer, second: again)
    }
}
