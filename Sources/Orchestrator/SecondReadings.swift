import Fleet
import Store

/// What a batch knows about reading a network again during the search: the top of the interval the
/// device's model predicted each measured candidate in, and the first readings held while the
/// second is taken.
///
/// A first reading over the limit and over that top is one the model did not expect (a load spike,
/// seen on shared hosts at 1.5× the prediction); the network is read again and the faster reading
/// kept (``EvaluationRecorder/recordFasterReading(first:second:)``).
struct SecondReadings {
    /// Tops of the prediction intervals of candidates sent to a device past its calibration and
    /// predicted under the limit, by candidate and device.
    private var expectedTops: [Int: [String: Double]] = [:]
    /// First readings held while the network is read again, by the second reading's job id.
    private var held: [String: (device: String, first: FleetEvent)] = [:]

    /// Notes that the device's model expects the candidate's reading at most `top` ms.
    mutating func expect(_ candidate: Int, on device: String, atMost top: Double) {
        expectedTops[candidate, default: [:]][device] = top
    }

    /// Whether a latency answer is one the device's model did not expect: a real measurement over both
    /// the limit and the top of the candidate's interval. False when no interval was noted.
    func isUnexpected(_ result: JobResult, of candidate: Int, on device: String, by model: any ScreeningModel) -> Bool {
        guard let top = expectedTops[candidate]?[device], let value = result.metrics[MetricKey.latency],
            EvaluationSource(rawValue: result.source) == .measured
        else { return false }
        return model.isUnexpected(value, above: top)
    }

    /// Holds a completed first reading until the answer to the job that reads it again.
    mutating func hold(_ first: FleetEvent, on device: String, untilAnswerTo secondJobID: String) {
        held[secondJobID] = (device, first)
    }

    /// The first reading the answer to `jobID` completes, released; nil when it reads nothing again.
    mutating func release(answeredBy jobID: String) -> FleetEvent? {
        held.removeValue(forKey: jobID)?.first
    }

    /// First readings of the device held for a second, each a measurement it made.
    func heldCount(on device: String) -> Int {
        held.values.count { $0.device == device }
    }

    /// The second readings' job ids whose first readings are held.
    var secondJobIDs: [String] { Array(held.keys) }
}
