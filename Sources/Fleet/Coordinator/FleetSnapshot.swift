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
    /// Jobs answered so far.
    public var completed: Int
    /// Jobs failed for good.
    public var failed: Int
    /// Frames dropped as malformed.
    public var dropped: Int
    /// Messages from connections that never said `hello` (ignored; the sender is asked to register).
    public var unregistered: Int
    /// Live workers, in registration order.
    public var workers: [WorkerStatus]
    /// Jobs by kind (`accuracy`, `latency`, `profile`) and device (empty for accuracy).
    public var jobs: [String: [String: JobTally]]
    /// Workers that left: declared dead (missed heartbeats) and otherwise (said bye, replaced).
    public var deaths: Int
    /// Workers that left otherwise: said bye or were replaced.
    public var departures: Int

    /// All counts zero and no workers unless given.
    public init(
        workersOnline: Int = 0, workersByDevice: [String: Int] = [:], pending: Int = 0, inFlight: Int = 0,
        completed: Int = 0, failed: Int = 0, dropped: Int = 0, unregistered: Int = 0, workers: [WorkerStatus] = [],
        jobs: [String: [String: JobTally]] = [:], deaths: Int = 0, departures: Int = 0
    ) {
        self.workers = workers
        self.jobs = jobs
        self.deaths = deaths
        self.departures = departures
        self.unregistered = unregistered
        self.workersOnline = workersOnline
        self.workersByDevice = workersByDevice
        self.pending = pending
        self.inFlight = inFlight
        self.completed = completed
        self.failed = failed
        self.dropped = dropped
    }
}
