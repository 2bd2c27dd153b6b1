import CZeroMQ
import Glibc

extension ZMQSocket {
    /// `ZMQ_LINGER`: how long unsent messages are kept after close, in milliseconds
    /// (0 drops them at once; -1 waits forever and can hang context termination).
    public func setLinger(milliseconds: Int) throws(ZMQError) {
        try setInt32(ZMQ_LINGER, milliseconds, name: "ZMQ_LINGER")
    }

    /// `ZMQ_ROUTING_ID`: the identity a ROUTER peer sees for this socket (1...255 bytes, must not
    /// start with a zero byte). Set it before ``connect(_:)``.
    public func setRoutingID(_ id: [UInt8]) throws(ZMQError) {
        guard (1...255).contains(id.count) else {
            throw ZMQError(
                code: EINVAL, operation: "zmq_setsockopt(ZMQ_ROUTING_ID)",
                message: "a routing id must be 1...255 bytes, got \(id.count)")
        }
        try setBytes(ZMQ_ROUTING_ID, id, name: "ZMQ_ROUTING_ID")
    }

    /// `ZMQ_MAXMSGSIZE`: the largest inbound message in bytes (-1 = no limit). A peer that sends a
    /// larger one is disconnected and its message is never delivered.
    public func setMaxMessageSize(_ bytes: Int64) throws(ZMQError) {
        var value = bytes
        try setRaw(ZMQ_MAXMSGSIZE, &value, MemoryLayout<Int64>.size, name: "ZMQ_MAXMSGSIZE=\(bytes)")
    }

    /// `ZMQ_SNDHWM`: outbound queue limit in messages per peer (0 = unlimited).
    public func setSendHighWaterMark(_ messages: Int) throws(ZMQError) {
        try setInt32(ZMQ_SNDHWM, messages, name: "ZMQ_SNDHWM")
    }

    /// `ZMQ_RCVHWM`: inbound queue limit in messages per peer (0 = unlimited).
    public func setReceiveHighWaterMark(_ messages: Int) throws(ZMQError) {
        try setInt32(ZMQ_RCVHWM, messages, name: "ZMQ_RCVHWM")
    }

    /// `ZMQ_SNDTIMEO`: how long a blocking send waits before failing with `EAGAIN`
    /// (-1 = forever, the default).
    public func setSendTimeout(milliseconds: Int) throws(ZMQError) {
        try setInt32(ZMQ_SNDTIMEO, milliseconds, name: "ZMQ_SNDTIMEO")
    }

    /// `ZMQ_RCVTIMEO`: how long a blocking receive waits before ``receive(dontWait:)`` returns
    /// `nil` (-1 = forever, the default).
    public func setReceiveTimeout(milliseconds: Int) throws(ZMQError) {
        try setInt32(ZMQ_RCVTIMEO, milliseconds, name: "ZMQ_RCVTIMEO")
    }

    /// `ZMQ_ROUTER_MANDATORY`: a ROUTER reports `EHOSTUNREACH` for unknown routing ids (and
    /// `EAGAIN` on a full peer queue) instead of silently dropping the message.
    public func setRouterMandatory(_ enabled: Bool) throws(ZMQError) {
        try setInt32(ZMQ_ROUTER_MANDATORY, enabled ? 1 : 0, name: "ZMQ_ROUTER_MANDATORY")
    }

    /// `ZMQ_IMMEDIATE`: queue messages only to completed connections, so nothing piles up for a
    /// peer that is not there yet.
    public func setImmediate(_ enabled: Bool) throws(ZMQError) {
        try setInt32(ZMQ_IMMEDIATE, enabled ? 1 : 0, name: "ZMQ_IMMEDIATE")
    }

    /// `ZMQ_RECONNECT_IVL` (and optionally `ZMQ_RECONNECT_IVL_MAX` for exponential back-off),
    /// in milliseconds.
    public func setReconnectInterval(milliseconds: Int, maximumMilliseconds: Int? = nil) throws(ZMQError) {
        try setInt32(ZMQ_RECONNECT_IVL, milliseconds, name: "ZMQ_RECONNECT_IVL")
        if let maximumMilliseconds {
            try setInt32(ZMQ_RECONNECT_IVL_MAX, maximumMilliseconds, name: "ZMQ_RECONNECT_IVL_MAX")
        }
    }

    /// `ZMQ_TCP_KEEPALIVE` and friends: enables kernel keep-alive probes so dead peers behind
    /// NAT or a pulled cable are noticed. `nil` keeps the OS default for that knob.
    public func setTCPKeepalive(
        _ enabled: Bool, idleSeconds: Int? = nil, intervalSeconds: Int? = nil, probes: Int? = nil
    ) throws(ZMQError) {
        try setInt32(ZMQ_TCP_KEEPALIVE, enabled ? 1 : 0, name: "ZMQ_TCP_KEEPALIVE")
        if let idleSeconds {
            try setInt32(ZMQ_TCP_KEEPALIVE_IDLE, idleSeconds, name: "ZMQ_TCP_KEEPALIVE_IDLE")
        }
        if let intervalSeconds {
            try setInt32(ZMQ_TCP_KEEPALIVE_INTVL, intervalSeconds, name: "ZMQ_TCP_KEEPALIVE_INTVL")
        }
        if let probes {
            try setInt32(ZMQ_TCP_KEEPALIVE_CNT, probes, name: "ZMQ_TCP_KEEPALIVE_CNT")
        }
    }

    /// `ZMQ_SUBSCRIBE` (SUB sockets): receive messages whose first frame starts with `prefix`
    /// (empty = everything).
    public func subscribe(_ prefix: [UInt8] = []) throws(ZMQError) {
        try setBytes(ZMQ_SUBSCRIBE, prefix, name: "ZMQ_SUBSCRIBE")
    }

    /// `ZMQ_UNSUBSCRIBE` (SUB sockets): removes one earlier ``subscribe(_:)`` of `prefix`.
    public func unsubscribe(_ prefix: [UInt8] = []) throws(ZMQError) {
        try setBytes(ZMQ_UNSUBSCRIBE, prefix, name: "ZMQ_UNSUBSCRIBE")
    }

    // MARK: CURVE

    /// `ZMQ_CURVE_SERVER`: this socket acts as CURVE server (it also needs its secret key).
    public func setCurveServer(_ enabled: Bool) throws(ZMQError) {
        try setInt32(ZMQ_CURVE_SERVER, enabled ? 1 : 0, name: "ZMQ_CURVE_SERVER")
    }

    /// `ZMQ_CURVE_SECRETKEY` from a 40-character Z85 key.
    public func setCurveSecretKey(_ z85: String) throws(ZMQError) {
        try setCurveKey(ZMQ_CURVE_SECRETKEY, z85: z85, name: "ZMQ_CURVE_SECRETKEY")
    }

    /// `ZMQ_CURVE_SECRETKEY` from 32 raw bytes.
    public func setCurveSecretKey(_ bytes: [UInt8]) throws(ZMQError) {
        try setCurveKey(ZMQ_CURVE_SECRETKEY, bytes: bytes, name: "ZMQ_CURVE_SECRETKEY")
    }

    /// `ZMQ_CURVE_PUBLICKEY` (clients) from a 40-character Z85 key.
    public func setCurvePublicKey(_ z85: String) throws(ZMQError) {
        try setCurveKey(ZMQ_CURVE_PUBLICKEY, z85: z85, name: "ZMQ_CURVE_PUBLICKEY")
    }

    /// `ZMQ_CURVE_PUBLICKEY` (clients) from 32 raw bytes.
    public func setCurvePublicKey(_ bytes: [UInt8]) throws(ZMQError) {
        try setCurveKey(ZMQ_CURVE_PUBLICKEY, bytes: bytes, name: "ZMQ_CURVE_PUBLICKEY")
    }

    /// `ZMQ_CURVE_SERVERKEY` (clients: the server's public key) from a 40-character Z85 key.
    public func setCurveServerKey(_ z85: String) throws(ZMQError) {
        try setCurveKey(ZMQ_CURVE_SERVERKEY, z85: z85, name: "ZMQ_CURVE_SERVERKEY")
    }

    /// `ZMQ_CURVE_SERVERKEY` (clients: the server's public key) from 32 raw bytes.
    public func setCurveServerKey(_ bytes: [UInt8]) throws(ZMQError) {
        try setCurveKey(ZMQ_CURVE_SERVERKEY, bytes: bytes, name: "ZMQ_CURVE_SERVERKEY")
    }

    /// `ZMQ_ZAP_DOMAIN`: the authentication domain passed to a ZAP handler.
    public func setZAPDomain(_ domain: String) throws(ZMQError) {
        try setBytes(ZMQ_ZAP_DOMAIN, Array(domain.utf8), name: "ZMQ_ZAP_DOMAIN")
    }

    // MARK: Helpers

    private func setCurveKey(_ option: Int32, z85: String, name: String) throws(ZMQError) {
        let utf8 = Array(z85.utf8)
        guard utf8.count == 40 else {
            throw ZMQError(
                code: EINVAL, operation: "zmq_setsockopt(\(name))",
                message: "a Z85 CURVE key is 40 characters, got \(utf8.count); use ZMQKeyPair.generate()")
        }
        // libzmq recognises the Z85 form by its 41-byte length, NUL included.
        try setBytes(option, utf8 + [0], name: name)
    }

    private func setCurveKey(_ option: Int32, bytes: [UInt8], name: String) throws(ZMQError) {
        guard bytes.count == 32 else {
            throw ZMQError(
                code: EINVAL, operation: "zmq_setsockopt(\(name))",
                message: "a binary CURVE key is 32 bytes, got \(bytes.count)")
        }
        try setBytes(option, bytes, name: name)
    }

    private func setInt32(_ option: Int32, _ value: Int, name: String) throws(ZMQError) {
        guard var raw = Int32(exactly: value) else {
            throw ZMQError(
                code: EINVAL, operation: "zmq_setsockopt(\(name)=\(value))",
                message: "the value must fit in a 32-bit int")
        }
        try setRaw(option, &raw, MemoryLayout<Int32>.size, name: "\(name)=\(value)")
    }

    private func setBytes(_ option: Int32, _ bytes: [UInt8], name: String) throws(ZMQError) {
        let result = bytes.withUnsafeBytes { buffer in
            zmq_setsockopt(handle, option, buffer.baseAddress, buffer.count)
        }
        guard result == 0 else { throw ZMQError.last("zmq_setsockopt(\(name))") }
    }

    private func setRaw(
        _ option: Int32, _ value: UnsafeRawPointer, _ size: Int, name: String
    ) throws(ZMQError) {
        guard zmq_setsockopt(handle, option, value, size) == 0 else {
            throw ZMQError.last("zmq_setsockopt(\(name))")
        }
    }
}
