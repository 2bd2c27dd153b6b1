/// One live worker as the coordinator sees it, for status pages.
public struct WorkerStatus: Sendable, Hashable, Codable {
    /// The name from the worker's hello.
    public var workerID: String
    /// The device the worker measures latency on.
    public var device: String
    /// The job kinds it takes (``JobKind`` raw values).
    public var kinds: [String]
    /// Accuracy jobs it may hold at once, from its hello.
    public var capacity: Int
    /// Seconds since its last message (heartbeat, result or failure) when the snapshot was taken.
    public var secondsSinceSeen: Double
    /// Jobs it holds now.
    public var jobs: Int
    /// Seconds it has held its latency or profile job when the snapshot was taken; nil when it holds none.
    public var measuringSeconds: Double?
    /// True when that job has been held far longer than its device's jobs usually take, and the
    /// coordinator's log has said so (the worker may be waiting for its device to come back).
    public var measuringLong: Bool
    /// Jobs whose lease expired while it still runs them: they went back to the queue, its answers
    /// to them will be ignored, and until it answers they count as held (a measuring worker gets no
    /// other job meanwhile).
    public var jobsPastLease: Int

    /// A worker's row as the coordinator publishes it in each snapshot.
    public init(
        workerID: String, device: String, kinds: [String], capacity: Int, secondsSinceSeen: Double, jobs: Int,
        measuringSeconds: Double? = nil, measuringLong: Bool = false, jobsPastLease: Int = 0
    ) {
        self.jobsPastLease = jobsPastLease
        self.measuringSeconds = measuringSeconds
        self.measuringLong = measuringLong
        self.workerID = workerID
        self.device = device
        self.kinds = kinds
        self.capacity = capacity
        self.secondsSinceSeen = secondsSinceSeen
        self.jobs = jobs
    }
}
