import Foundation

extension EvaluationRecord {
    /// The environment key with which a worker reports a figure whose job it held while its device
    /// was unreachable (`--device-wait`): the milliseconds it waited for the device to come back.
    /// The same as the protocol's `JobResult.deviceWaitKey` (the store does not depend on the fleet).
    public static let deviceWaitKey = "device_wait_ms"

    /// The environment key with which a measuring worker reports how long its job waited for the
    /// host's measurement lock (another measurement, or a proxy evaluation, held the machine).
    public static let hostLockWaitKey = "lock_wait_ms"

    /// Seconds the worker waited for its unreachable device during this figure's job (at most the
    /// job's lease to answer, whatever the worker reported); 0 when none.
    public var deviceWaitSeconds: Double { deviceTime.deviceWaitSeconds }

    /// Seconds this figure's job waited for the host's measurement lock (at most what the job's lease
    /// to answer leaves after ``deviceWaitSeconds``); 0 when none or not reported.
    public var hostLockWaitSeconds: Double { deviceTime.hostLockWaitSeconds }

    /// The device time of a measured figure's job: lease to answer, less any time its worker waited
    /// for the device to come back or for the host's measurement lock (the device measured nothing
    /// of this job meanwhile).
    public var deviceSeconds: Double { deviceTime.seconds }

    /// The job's lease to answer split into device time and waits, from one reading of the
    /// environment (callers that need more than one part read this once). Each wait is a positive
    /// finite figure, and together they fit in the lease: the wait for the device first, the lock
    /// wait gets what is left.
    public var deviceTime: JobDeviceTime {
        let lease = max(0, finishedAt.timeIntervalSince(startedAt))
        // Replayed and predicted figures have no environment worth parsing.
        guard let environment, environment.contains("_wait_ms"),
            let fields = try? JSONSerialization.jsonObject(with: Data(environment.utf8)) as? [String: Any]
        else { return JobDeviceTime(seconds: lease, deviceWaitSeconds: 0, hostLockWaitSeconds: 0) }
        func seconds(_ key: String, within limit: Double) -> Double {
            guard let text = fields[key] as? String, let milliseconds = Double(text), milliseconds.isFinite, milliseconds > 0
            else { return 0 }
            return min(milliseconds / 1000, limit)
        }
        let device = seconds(Self.deviceWaitKey, within: lease)
        let hostLock = seconds(Self.hostLockWaitKey, within: lease - device)
        return JobDeviceTime(seconds: max(0, lease - device - hostLock), deviceWaitSeconds: device, hostLockWaitSeconds: hostLock)
    }
}
