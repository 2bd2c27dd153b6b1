/// Jobs of one kind for one device (empty for accuracy jobs) over the coordinator's life.
public struct JobTally: Sendable, Hashable, Codable {
    /// Leases handed to workers (a re-queued job is dispatched again).
    public var dispatched = 0
    /// Results accepted.
    public var answered = 0
    /// Jobs failed for good.
    public var failed = 0
    /// Jobs put back in the queue: their worker left or failed them, or their lease expired.
    public var requeued = 0

    /// An empty tally, all counts zero.
    public init() {}
}
