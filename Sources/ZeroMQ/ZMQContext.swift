import CZeroMQ
import Glibc

/// Owns one libzmq context (its I/O threads) and terminates it when the last reference goes.
///
/// Lifetime rule: every ``ZMQSocket`` keeps its context alive, so `zmq_ctx_term` only runs after
/// all of the context's sockets are closed, and sockets are created with a bounded linger
/// (``ZMQSocket/defaultLingerMilliseconds``). Termination therefore blocks at most for the longest
/// linger of a socket that closed with unsent messages; it cannot hang forever unless a caller
/// explicitly sets an infinite linger (`-1`).
public final class ZMQContext: @unchecked Sendable {
    // @unchecked Sendable: libzmq documents contexts as thread-safe, and the handle is immutable.
    /// The raw `void *` context handle; valid until deinit.
    let handle: UnsafeMutableRawPointer

    /// Creates a context with `ioThreads` libzmq I/O threads (1 is plenty below ~1 GB/s).
    public init(ioThreads: Int = 1) throws(ZMQError) {
        guard let handle = zmq_ctx_new() else {
            throw ZMQError.last("zmq_ctx_new")
        }
        if ioThreads != 1 {
            guard let count = Int32(exactly: ioThreads), count >= 0,
                  zmq_ctx_set(handle, ZMQ_IO_THREADS, count) == 0 else {
                let error = ZMQError(
                    code: EINVAL, operation: "zmq_ctx_set(ZMQ_IO_THREADS=\(ioThreads))",
                    message: "the I/O thread count must be between 0 and \(Int32.max)")
                zmq_ctx_term(handle)
                throw error
            }
        }
        self.handle = handle
    }

    deinit {
        // All sockets are closed by now (each holds a reference), so this only waits for lingering
        // messages; retry on EINTR as libzmq asks.
        while zmq_ctx_term(handle) != 0 && zmq_errno() == EINTR {}
    }
}
