/// Leaving, or asking the other side to re-register (the body of a `bye` message).
public struct Bye: Sendable, Hashable {
    public var reason: String
    /// From the coordinator: the worker is not (or no longer) registered and should send
    /// `hello` again rather than exit.
    public var reconnect: Bool

    public init(reason: String, reconnect: Bool = false) {
        self.reason = reason
        self.reconnect = reconnect
    }
}
