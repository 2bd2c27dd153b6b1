import CZeroMQ
import Glibc

/// Owns one libzmq socket and closes it when the value goes away.
///
/// libzmq sockets are not thread-safe, so the type is noncopyable and not `Sendable`: exactly one
/// owner uses it at a time. To use a socket from Swift concurrency, hand it to a
/// ``ZMQSocketThread``, which becomes its only user.
///
/// Every socket starts with a linger of ``defaultLingerMilliseconds`` instead of libzmq's infinite
/// default, so closing it (and terminating its ``ZMQContext``) cannot block forever.
public struct ZMQSocket: ~Copyable {
    /// The linger every new socket gets: how long unsent messages are kept after close.
    public static let defaultLingerMilliseconds = 500

    /// The raw `void *` socket handle; valid until deinit.
    let handle: UnsafeMutableRawPointer
    /// Keeps the context alive until this socket is closed (libzmq requires that order).
    let context: ZMQContext
    /// The pattern this socket was created with.
    public let type: ZMQSocketType

    /// Creates a socket of `type` in `context`, with a linger of ``defaultLingerMilliseconds``.
    public init(context: ZMQContext, type: ZMQSocketType) throws(ZMQError) {
        guard let handle = zmq_socket(context.handle, type.zmqValue) else {
            throw ZMQError.last("zmq_socket(\(type))")
        }
        var linger = Int32(Self.defaultLingerMilliseconds)
        guard zmq_setsockopt(handle, ZMQ_LINGER, &linger, MemoryLayout<Int32>.size) == 0 else {
            let error = ZMQError.last("zmq_setsockopt(ZMQ_LINGER=\(linger))")
            zmq_close(handle)
            throw error
        }
        self.handle = handle
        self.context = context
        self.type = type
    }

    deinit {
        zmq_close(handle)
    }

    /// Binds to `endpoint` and returns the endpoint actually bound (`ZMQ_LAST_ENDPOINT`), so
    /// `tcp://127.0.0.1:*` comes back with the port the kernel chose.
    @discardableResult
    public func bind(_ endpoint: String) throws(ZMQError) -> String {
        guard zmq_bind(handle, endpoint) == 0 else {
            throw ZMQError.last("zmq_bind(\(endpoint))")
        }
        return try lastEndpoint()
    }

    /// Connects to `endpoint`; libzmq connects (and reconnects) in the background.
    public func connect(_ endpoint: String) throws(ZMQError) {
        guard zmq_connect(handle, endpoint) == 0 else {
            throw ZMQError.last("zmq_connect(\(endpoint))")
        }
    }

    /// Disconnects from an endpoint given earlier to ``connect(_:)``.
    public func disconnect(_ endpoint: String) throws(ZMQError) {
        guard zmq_disconnect(handle, endpoint) == 0 else {
            throw ZMQError.last("zmq_disconnect(\(endpoint))")
        }
    }

    /// Stops listening on an endpoint returned by ``bind(_:)`` (use the returned endpoint, not
    /// the wildcard one).
    public func unbind(_ endpoint: String) throws(ZMQError) {
        guard zmq_unbind(handle, endpoint) == 0 else {
            throw ZMQError.last("zmq_unbind(\(endpoint))")
        }
    }

    /// `ZMQ_LAST_ENDPOINT`: the endpoint of the most recent bind.
    func lastEndpoint() throws(ZMQError) -> String {
        // 1024 bytes covers any tcp/ipc endpoint libzmq produces (ipc paths are capped at ~108).
        var buffer = [CChar](repeating: 0, count: 1024)
        var size = buffer.count
        guard zmq_getsockopt(handle, ZMQ_LAST_ENDPOINT, &buffer, &size) == 0 else {
            throw ZMQError.last("zmq_getsockopt(ZMQ_LAST_ENDPOINT)")
        }
        // `size` counts the terminating NUL.
        let bytes = buffer.prefix(max(0, size - 1)).prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
