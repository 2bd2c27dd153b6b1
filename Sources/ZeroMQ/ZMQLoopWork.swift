/// One unit of work posted to a ``ZMQSocketThread``, run on its loop thread.
enum ZMQLoopWork<Handler: ZMQSocketHandler>: Sendable {
    /// Send a message, queueing it in the loop's backlog while the socket cannot take it.
    /// A case of its own so the hot send path allocates no closure.
    case send([[UInt8]])
    /// Run a closure with the socket.
    case socket(@Sendable (borrowing ZMQSocket) -> Void)
    /// Run a closure with the handler and the socket.
    case handler(@Sendable (Handler, borrowing ZMQSocket) -> Void)
}
