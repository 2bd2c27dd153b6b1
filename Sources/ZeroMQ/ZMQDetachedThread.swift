import CZeroMQ
import Glibc

/// Starts a detached POSIX thread running a closure; no Foundation needed.
public final class ZMQDetachedThread: Sendable {
    private let body: @Sendable () -> Void

    private init(body: @escaping @Sendable () -> Void) {
        self.body = body
    }

    /// Runs `body` on a new detached thread; `name` only labels errors (glibc's
    /// `pthread_setname_np` is not visible without `_GNU_SOURCE`).
    public static func start(name: String, _ body: @escaping @Sendable () -> Void) throws(ZMQError) {
        let context = Unmanaged.passRetained(ZMQDetachedThread(body: body))
        var attributes = pthread_attr_t()
        pthread_attr_init(&attributes)
        defer { pthread_attr_destroy(&attributes) }
        pthread_attr_setdetachstate(&attributes, Int32(PTHREAD_CREATE_DETACHED))
        var thread = pthread_t()
        let result = pthread_create(&thread, &attributes, { raw in
            guard let raw else { return nil }
            Unmanaged<ZMQDetachedThread>.fromOpaque(raw).takeRetainedValue().run()
            return nil
        }, context.toOpaque())
        guard result == 0 else {
            context.release()
            throw ZMQError(
                code: result, operation: "pthread_create(\(name))",
                message: String(cString: strerror(result)))
        }
    }

    private func run() {
        body()
    }
}
