import Glibc

/// The loop-confined logic of a ``ZMQSocketThread``: every method runs on the loop thread, one at
/// a time, with the thread's socket borrowed for replies.
///
/// Handlers need not be `Sendable`: the thread takes ownership of its handler. Reach the handler
/// from other threads only through ``ZMQSocketThread/postToHandler(_:)`` or
/// ``ZMQSocketThread/withHandler(_:)``. The handler *type* must be usable from the loop thread
/// (`SendableMetatype`), which every class not isolated to a global actor is.
///
/// Never block in these methods: the loop serves posted work and incoming messages in between.
/// Sends on the borrowed socket can block a DEALER/PUSH whose peers are all full or absent; pass
/// `dontWait: true` there, or post through ``ZMQSocketThread/send(_:)``, which queues instead.
public protocol ZMQSocketHandler: AnyObject, SendableMetatype {
    /// Every complete incoming multipart message, on the loop thread.
    func received(_ frames: [[UInt8]], on socket: borrowing ZMQSocket)

    /// Called on the loop thread at least every `tickInterval` (and may be called more often),
    /// for timers such as heartbeats.
    func tick(now: ContinuousClock.Instant, on socket: borrowing ZMQSocket)

    /// Called on the loop thread after each wake-up's posted work and incoming messages were
    /// handled: the place to flush what the handler gathered while they arrived (one hand-off
    /// to other threads per batch instead of one per message).
    func drained(on socket: borrowing ZMQSocket)

    /// Called once on the loop thread right before the loop exits and the socket closes (e.g. to
    /// send a goodbye; it is delivered if it leaves within the socket's linger time).
    func stopping(on socket: borrowing ZMQSocket)

    /// A socket error the loop survived (a failed send is dropped, a failed receive is retried on
    /// the next wake-up) or, if `zmq_poll` itself failed, the error that ended the loop.
    func failed(_ error: ZMQError, on socket: borrowing ZMQSocket)
}

extension ZMQSocketHandler {
    /// Default: no timers.
    public func tick(now: ContinuousClock.Instant, on socket: borrowing ZMQSocket) {}

    /// Default: nothing gathered.
    public func drained(on socket: borrowing ZMQSocket) {}

    /// Default: nothing to say goodbye with.
    public func stopping(on socket: borrowing ZMQSocket) {}

    /// Default: one line on standard error, so a failure is never silent. Override to log properly.
    public func failed(_ error: ZMQError, on socket: borrowing ZMQSocket) {
        let line = Array("ZMQSocketThread (\(socket.type)): \(error)\n".utf8)
        _ = line.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }
}
