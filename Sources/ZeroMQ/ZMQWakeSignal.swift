import CZeroMQ
import Glibc

/// A non-blocking `eventfd` used only to wake a loop's `zmq_poll` when work is posted.
final class ZMQWakeSignal: Sendable {
    /// The eventfd; readable while a wake-up is pending.
    let fd: Int32

    init() throws(ZMQError) {
        let fd = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        guard fd >= 0 else {
            let code = errno
            throw ZMQError(code: code, operation: "eventfd", message: String(cString: strerror(code)))
        }
        self.fd = fd
    }

    deinit {
        close(fd)
    }

    /// Makes ``fd`` readable. Callers signal once per empty-to-non-empty transition, so the
    /// counter cannot overflow (the only way this write could fail with `EAGAIN`).
    func signal() {
        var one: UInt64 = 1
        while write(fd, &one, MemoryLayout<UInt64>.size) < 0 && errno == EINTR {}
    }

    /// Clears any pending wake-up (an eventfd read resets the counter to zero).
    func reset() {
        var value: UInt64 = 0
        while read(fd, &value, MemoryLayout<UInt64>.size) < 0 && errno == EINTR {}
    }
}
