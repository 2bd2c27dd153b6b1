import Synchronization

/// Moves a socket to another thread: the creator puts it in, the new owner takes it out once.
///
/// `Mutex` accepts a `sending` value, so the socket need not be `Sendable`, and its lock gives the
/// full memory barrier libzmq requires when a socket migrates between threads.
public final class ZMQSocketBox: Sendable {
    private let slot: Mutex<ZMQSocket?>

    /// Puts `socket` in the box; the caller gives it up.
    public init(_ socket: consuming sending ZMQSocket) {
        slot = Mutex(Optional(socket))
    }

    /// The socket, the first time; `nil` afterwards.
    public func take() -> sending ZMQSocket? {
        slot.withLock { $0.take() }
    }
}
