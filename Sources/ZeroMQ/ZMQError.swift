import CZeroMQ

/// A failed libzmq call: the errno code, the operation (with its arguments) and libzmq's own text.
///
/// The description reads like `zmq_bind(tcp://nonsense) failed: Invalid argument (errno 22)`, so a
/// log line alone says what was attempted and why libzmq refused it.
public struct ZMQError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The errno value reported by libzmq (for example `EINVAL`, `EADDRINUSE`, `EAGAIN`).
    public let code: Int32
    /// The call that failed, including the arguments that matter, e.g. `zmq_bind(tcp://bad)`.
    public let operation: String
    /// The human-readable text for ``code``, from `zmq_strerror` unless a more specific
    /// explanation was given.
    public let message: String

    /// Creates an error for `code`, with libzmq's `zmq_strerror` text as the message.
    public init(code: Int32, operation: String) {
        self.init(code: code, operation: operation, message: String(cString: zmq_strerror(code)))
    }

    /// Creates an error with an explicit message, for failures detected before calling libzmq
    /// (such as a CURVE key of the wrong length).
    public init(code: Int32, operation: String, message: String) {
        self.code = code
        self.operation = operation
        self.message = message
    }

    /// The error libzmq reported for the last failed call on this thread (`zmq_errno()`).
    ///
    /// Call it immediately after the failing call, before anything else can overwrite errno.
    public static func last(_ operation: String) -> ZMQError {
        ZMQError(code: zmq_errno(), operation: operation)
    }

    /// `"<operation> failed: <message> (errno <code>)"`.
    public var description: String {
        "\(operation) failed: \(message) (errno \(code))"
    }
}
