import Foundation

extension EvaluationRecord {
    /// The environment key with which a worker reports a figure whose job it held while its device
    /// was unreachable (`--device-wait`): the milliseconds it waited for the device to come back.
    /// The same as the protocol's `JobResult.deviceWaitKey` (the store does not depend on the fleet).
    public static let deviceWaitKey = "device_wait_ms"

    /// Seconds the worker waited for its unreachable device during this figure's job (at most the
    /// job's lease to answer, whatever the worker reported); 0 when none.
    public var deviceWaitSeconds: Double {
        // Most figures have no wait: only those that name the key are parsed.
        guard let environment, environment.contains(Self.deviceWaitKey),
            let fields = try? JSONSerialization.jsonObject(with: Data(environment.utf8)) as? [String: Any],
            let text = fields[Self.deviceWaitKey] as? String, let milliseconds = Double(text), milliseconds.isFinite,
            milliseconds > 0
        else { return 0 }
        return min(milliseconds / 1000, max(0, finishedAt.timeIntervalSince(startedAt)))
    }

    /// The device time of a measured figure's job: lease to answer, less any time its worker waited
    /// for the device to come back (the device measured nothing meanwhile).
    public var deviceSeconds: Double {
        max(0, finishedAt.timeIntervalSince(startedAt) - deviceWaitSeconds)
    }
}
