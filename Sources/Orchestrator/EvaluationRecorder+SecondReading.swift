import Fleet
import Store

extension EvaluationRecorder {
    /// Stores the faster of two readings of one network on one device and returns it: `first`, a
    /// completed real measurement, and `second`, the answer to reading it again. The slower one (or a
    /// second reading that failed, was refused or is not a real measurement) is stored in the same write as
    /// ``MetricKey/discardedLatency``, counted as a measurement the device made. Nil when the kept
    /// reading is unusable (stored as a failure) or `first` is not a completed answer.
    func recordFasterReading(first: FleetEvent, second: FleetEvent) -> Double? {
        guard case .completed(let spec, let result, let worker, let startedAt, let finishedAt) = first,
            let firstValue = result.metrics[MetricKey.latency]
        else { return nil }
        guard case .completed(let secondSpec, let secondResult, let secondWorker, let secondStart, let secondEnd) = second,
            let secondValue = secondResult.metrics[MetricKey.latency], secondValue.isFinite, secondValue < firstValue,
            EvaluationSource(rawValue: secondResult.source) == .measured
        else {
            let discarded = discardedReading(spec: spec, answer: second)
            return recordAnswer(
                spec: spec, result: result, worker: worker, startedAt: startedAt, finishedAt: finishedAt, storingToo: [discarded])
        }
        let discarded = discardedReading(spec: spec, answer: first)
        return recordAnswer(
            spec: secondSpec, result: secondResult, worker: secondWorker, startedAt: secondStart, finishedAt: secondEnd,
            storingToo: [discarded])
    }
}
