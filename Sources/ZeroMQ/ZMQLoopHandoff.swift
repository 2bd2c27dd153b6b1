import Synchronization

/// Carries a socket and its handler from the thread that creates a ``ZMQSocketThread`` to the
/// loop thread, which takes both out once and is their only user afterwards.
///
/// Both cross in a `Mutex`, which accepts `sending` values, so neither needs to be `Sendable`; the
/// lock also provides the full memory barrier libzmq requires when a socket migrates threads.
final class ZMQLoopHandoff<Handler: ZMQSocketHandler>: Sendable {
    private let socket: ZMQSocketBox
    private let handler: Mutex<Handler?>

    init(socket: consuming sending ZMQSocket, handler: sending Handler) {
        self.socket = ZMQSocketBox(socket)
        self.handler = Mutex(Optional(handler))
    }

    /// The socket, the first time; `nil` afterwards.
    func takeSocket() -> sending ZMQSocket? {
        socket.take()
    }

    /// The handler, the first time; `nil` afterwards.
    func takeHandler() -> sending Handler? {
        handler.withLock { $0.take() }
    }
}
