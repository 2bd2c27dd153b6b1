/// Tunables of a coordinator; defaults follow Docs/design.md §3.
public struct CoordinatorSettings: Sendable, Hashable {
    /// Name sent in `welcome`.
    public var coordinatorID: String
    /// Heartbeat interval; a worker silent for `missedHeartbeats` intervals is dead.
    public var heartbeatMs: Int
    /// Heartbeat intervals of silence after which a worker is declared dead.
    public var missedHeartbeats: Int
    /// Attempts before a job is marked failed for good.
    public var maxAttempts: Int
    /// CURVE encryption and the worker allow-list; `nil` serves plain-text workers.
    public var security: CoordinatorSecurity?
    /// Keep every gap between two messages of the same worker, for ``FleetCoordinator/livenessGaps()``
    /// (load benchmarks); off by default, as the list grows with every message.
    public var recordsLivenessGaps: Bool = false

    /// Defaults: 1000 ms heartbeats, dead after 3 missed, 3 attempts per job, no encryption.
    public init(
        coordinatorID: String = "coordinator", heartbeatMs: Int = 1000, missedHeartbeats: Int = 3, maxAttempts: Int = 3,
        security: CoordinatorSecurity? = nil
    ) {
        self.coordinatorID = coordinatorID
        self.security = security
        self.heartbeatMs = heartbeatMs
        self.missedHeartbeats = missedHeartbeats
        self.maxAttempts = maxAttempts
    }
}
