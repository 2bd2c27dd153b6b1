/// A measured job's time from lease to answer, split: what the device spent on it, and what the job
/// waited for (its device to come back, the host's measurement lock). The waits together fit in the
/// lease, so the three add up to it.
public struct JobDeviceTime: Sendable, Hashable {
    /// Seconds the device spent on the job: lease to answer, less both waits.
    public var seconds: Double
    /// Seconds its worker held the job while the device was unreachable (`device_wait_ms`).
    public var deviceWaitSeconds: Double
    /// Seconds the job waited for the host's measurement lock (`lock_wait_ms`).
    public var hostLockWaitSeconds: Double

    /// A job's split time, from its three parts.
    public init(seconds: Double, deviceWaitSeconds: Double, hostLockWaitSeconds: Double) {
        self.seconds = seconds
        self.deviceWaitSeconds = deviceWaitSeconds
        self.hostLockWaitSeconds = hostLockWaitSeconds
    }
}
