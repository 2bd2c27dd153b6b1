/// The coordinator accepting a worker (the body of a `welcome` message).
public struct Welcome: Sendable, Hashable {
    /// The coordinator's name.
    public var coordinatorID: String
    /// Heartbeat interval both sides keep; a side silent for 3 intervals is dead.
    public var heartbeatMs: Int

    /// Welcomes a worker on behalf of `coordinatorID`, with the heartbeat interval in milliseconds.
    public init(coordinatorID: String, heartbeatMs: Int) {
        self.coordinatorID = coordinatorID
        self.heartbeatMs = heartbeatMs
    }
}
