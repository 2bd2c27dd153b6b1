/// One live worker as the coordinator sees it, for status pages.
public struct WorkerStatus: Sendable, Hashable, Codable {
    public var workerID: String
    public var device: String
    public var kinds: [String]
    public var capacity: Int
    /// Seconds since its last message (heartbeat, result or failure) when the snapshot was taken.
    public var secondsSinceSeen: Double
    /// Jobs it holds now.
    public var jobs: Int

    public init(workerID: String, device: String, kinds: [String], capacity: Int, secondsSinceSeen: Double, jobs: Int) {
        self.workerID = workerID
        self.device = device
        self.kinds = kinds
        self.capacity = capacity
        self.secondsSinceSeen = secondsSinceSeen
        self.jobs = jobs
    }
}
