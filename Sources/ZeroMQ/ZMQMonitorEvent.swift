import CZeroMQ

/// One event from a socket monitor (`zmq_socket_monitor`): what happened, its value and the
/// endpoint it concerns.
public struct ZMQMonitorEvent: Sendable, Hashable, CustomStringConvertible {
    /// The `ZMQ_EVENT_*` bit.
    public var event: UInt16
    /// The event's value: a file descriptor, an errno, a ZAP status code or a
    /// `ZMQ_PROTOCOL_ERROR_*` code, depending on ``event``.
    public var value: UInt32
    /// The endpoint concerned (for a server socket, the endpoint it listens on).
    public var endpoint: String

    /// Creates an event from its parts (monitors parse theirs from the socket's frames).
    public init(event: UInt16, value: UInt32, endpoint: String) {
        self.event = event
        self.value = value
        self.endpoint = endpoint
    }

    /// Parses the two frames a monitor socket delivers (6 bytes: event, value; then the endpoint).
    init?(frames: [[UInt8]]) {
        guard frames.count == 2, frames[0].count == 6 else { return nil }
        let head = frames[0]
        // libzmq writes both numbers in host byte order (little endian on every target we build for).
        event = UInt16(head[0]) | UInt16(head[1]) << 8
        value = UInt32(head[2]) | UInt32(head[3]) << 8 | UInt32(head[4]) << 16 | UInt32(head[5]) << 24
        endpoint = String(decoding: frames[1], as: UTF8.self)
    }

    /// Handshake failures: a peer that did not complete the security handshake.
    public static let handshakeFailures = UInt16(
        ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL | ZMQ_EVENT_HANDSHAKE_FAILED_AUTH)

    /// Whether this event is a failed handshake.
    public var isHandshakeFailure: Bool {
        event & Self.handshakeFailures != 0
    }

    /// Whether this is a handshake the ZAP handler refused.
    public var isAuthenticationFailure: Bool {
        Int32(event) == ZMQ_EVENT_HANDSHAKE_FAILED_AUTH
    }

    /// A short explanation someone can act on, e.g. for a plain-text client talking to a CURVE server.
    public var description: String {
        switch Int32(event) {
        case ZMQ_EVENT_HANDSHAKE_FAILED_AUTH:
            return "handshake refused by the ZAP handler (status \(value))"
        case ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL:
            switch Int32(bitPattern: value) {
            case ZMQ_PROTOCOL_ERROR_ZMTP_MECHANISM_MISMATCH:
                return "handshake failed: security mechanism mismatch (a plain-text peer against CURVE, or the reverse)"
            case ZMQ_PROTOCOL_ERROR_ZMTP_CRYPTOGRAPHIC:
                return "handshake failed: cryptographic error (wrong server key?)"
            default:
                return "handshake failed: protocol error 0x\(String(value, radix: 16))"
            }
        case ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL:
            return "handshake failed (errno \(value))"
        case ZMQ_EVENT_HANDSHAKE_SUCCEEDED:
            return "handshake succeeded"
        case ZMQ_EVENT_ACCEPTED:
            return "connection accepted"
        case ZMQ_EVENT_DISCONNECTED:
            return "peer disconnected"
        case ZMQ_EVENT_CONNECTED:
            return "connected"
        default:
            return "monitor event 0x\(String(event, radix: 16)) value \(value)"
        }
    }
}
