/// Leaving, or asking the other side to re-register (the body of a `bye` message).
public struct Bye: Sendable, Hashable {
    /// Why the sender says bye, for the logs, e.g. `worker stopping`.
    public var reason: String
    /// From the coordinator: the worker is not (or no longer) registered and should send
    /// `hello` again rather than exit.
    public var reconnect: Bool

    /// A bye with `reason`; `reconnect` only when the coordinator wants a fresh `hello`.
    public init(reason: String, reconnect: Bool = false) {
        self.reason = reason
        self.reconnect = reconnect
    }
}
