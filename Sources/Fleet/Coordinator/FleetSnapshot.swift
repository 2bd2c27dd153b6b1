/// A point-in-time view of the fleet, for progress displays.
public struct FleetSnapshot: Sendable, Hashable {
    /// Registered, live workers.
    public var workersOnline: Int
    /// Live workers per device.
    public var workersByDevice: [String: Int]
    /// Jobs waiting for a worker.
    public var pending: Int
    /// Jobs leased to workers.
    public var inFlight: Int
    /// Jobs completed and failed so far.
    public var completed: Int
    public var failed: Int
    /// Frames dropped as malformed.
    public var dropped: Int

    public init(
        workersOnline: Int = 0, workersByDevice: [String: Int] = [:], pending: Int = 0, inFlight: Int = 0,
        completed: Int = 0, failed: Int = 0, dropped: Int = 0
    ) {
        self.workersOnline = workersOnline
        self.workersByDevice = workersByDevice
        self.pending = pending
        self.inFlight = inFlight
        self.completed = completed
        self.failed = failed
        self.dropped = dropped
    }
}
