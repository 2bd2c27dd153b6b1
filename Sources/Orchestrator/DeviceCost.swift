import Foundation
import Store

/// What a search cost one target device: the latency figures it was asked for and the device time
/// they took. A real measurement costs the seconds its job ran on the device (lease to answer, less
/// any time its worker waited for the device to come back or for the host's measurement lock, each
/// counted apart); a replayed device
/// counts the look-ups a real one would have had to measure, each at the table's latency.
/// Candidates decided on the device's latency model cost nothing and are counted apart.
public struct DeviceCost: Sendable, Codable, Hashable {
    /// Latency jobs the device answered (failed ones included), or look-ups of a replayed device.
    public var measurements: Int
    /// Device time those took, in seconds.
    public var deviceSeconds: Double
    /// Candidates whose latency on the device was decided on its model, never measured.
    public var decidedOnModel: Int
    /// True when the figures are a replayed device's look-ups, not real measurements.
    public var replayed: Bool
    /// Seconds its workers held jobs while the device was unreachable (`--device-wait`), not in
    /// ``deviceSeconds``; nil when they never did.
    public var deviceWaitSeconds: Double?
    /// Seconds its jobs waited for the host's measurement lock (`lock_wait_ms`: another measurement
    /// or a proxy evaluation had the machine), not in ``deviceSeconds``; nil when they never did.
    public var hostLockWaitSeconds: Double?

    /// A cost from its figures; ``tally(_:devices:)`` builds them from a run's evaluations.
    public init(
        measurements: Int, deviceSeconds: Double, decidedOnModel: Int, replayed: Bool, deviceWaitSeconds: Double? = nil,
        hostLockWaitSeconds: Double? = nil
    ) {
        self.deviceWaitSeconds = deviceWaitSeconds
        self.hostLockWaitSeconds = hostLockWaitSeconds
        self.measurements = measurements
        self.deviceSeconds = deviceSeconds
        self.decidedOnModel = decidedOnModel
        self.replayed = replayed
    }

    /// What its measured jobs waited for, left out of ``deviceSeconds``, as the summary says it:
    /// "31.5 s waiting for it to come back, 12.1 s for the host's measurement lock"; nil when neither
    /// reaches the tenth of a second shown (taking a free lock takes a fraction of a millisecond).
    public var waitsLeftOut: String? {
        let shown = { (seconds: Double?) in seconds.flatMap { $0 >= 0.05 ? String(format: "%.1f", $0) : nil } }
        let parts =
            (shown(deviceWaitSeconds).map { ["\($0) s waiting for it to come back"] } ?? [])
            + (shown(hostLockWaitSeconds).map { ["\($0) s for the host's measurement lock"] } ?? [])
        return parts.isEmpty ? nil : parts.joined(separator: ", ")
    }

    /// Each device's cost, from a run's stored evaluations (so a resumed run counts every process).
    public static func tally(_ records: [EvaluationRecord], devices: [String]) -> [String: DeviceCost] {
        var costs: [String: DeviceCost] = [:]
        var latencyKnown: [String: Set<String>] = [:]
        var predicted: [String: Set<String>] = [:]
        let wanted = Set(devices)
        for record in records where wanted.contains(record.device) {
            var cost = costs[record.device] ?? DeviceCost(measurements: 0, deviceSeconds: 0, decidedOnModel: 0, replayed: false)
            switch record.metric {
            case MetricKey.latency:
                latencyKnown[record.device, default: []].insert(record.architecture)
                cost.measurements += 1
                if record.source == .replay {
                    cost.replayed = true
                    cost.deviceSeconds += (record.value ?? 0) / 1000
                } else {
                    cost.addMeasured(record)
                }
            case MetricKey.discardedLatency:
                // The slower of two readings: device time spent, not the network's figure.
                cost.measurements += 1
                cost.addMeasured(record)
            case MetricKey.predictedLatency:
                predicted[record.device, default: []].insert(record.architecture)
            default:
                continue
            }
            costs[record.device] = cost
        }
        for (device, names) in predicted {
            costs[device]?.decidedOnModel = names.subtracting(latencyKnown[device] ?? []).count
        }
        return costs
    }

    /// Adds a measured job's device time, and its waits apart.
    private mutating func addMeasured(_ record: EvaluationRecord) {
        let time = record.deviceTime
        deviceSeconds += time.seconds
        if time.deviceWaitSeconds > 0 { deviceWaitSeconds = (deviceWaitSeconds ?? 0) + time.deviceWaitSeconds }
        if time.hostLockWaitSeconds > 0 { hostLockWaitSeconds = (hostLockWaitSeconds ?? 0) + time.hostLockWaitSeconds }
    }

    enum CodingKeys: String, CodingKey {
        case deviceWaitSeconds = "device_wait_seconds"
        case hostLockWaitSeconds = "host_lock_wait_seconds"
        case measurements
        case deviceSeconds = "device_seconds"
        case decidedOnModel = "decided_on_model"
        case replayed
    }
}
