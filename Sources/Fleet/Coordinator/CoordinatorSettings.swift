/// Tunables of a coordinator; defaults follow DESIGN §3.
public struct CoordinatorSettings: Sendable, Hashable {
    /// Name sent in `welcome`.
    public var coordinatorID: String
    /// Heartbeat interval; a worker silent for `missedHeartbeats` intervals is dead.
    public var heartbeatMs: Int
    public var missedHeartbeats: Int
    /// Attempts before a job is marked failed for good.
    public var maxAttempts: Int

    public init(coordinatorID: String = "coordinator", heartbeatMs: Int = 1000, missedHeartbeats: Int = 3, maxAttempts: Int = 3) {
        self.coordinatorID = coordinatorID
        self.heartbeatMs = heartbeatMs
        self.missedHeartbeats = missedHeartbeats
        self.maxAttempts = maxAttempts
    }
}
