/// One ZAP authentication request from libzmq (RFC 27), as handed to a ``ZMQAuthenticator``'s policy.
public struct ZMQZAPRequest: Sendable, Hashable {
    /// The `ZMQ_ZAP_DOMAIN` of the socket that accepted the connection.
    public var domain: String
    /// The peer's address, e.g. `127.0.0.1` (no port).
    public var address: String
    /// The peer's `ZMQ_ROUTING_ID` if it set one, else empty.
    public var identity: [UInt8]
    /// `NULL`, `PLAIN` or `CURVE`.
    public var mechanism: String
    /// For `CURVE`: the client's 32-byte public key. For `PLAIN`: user name and password.
    public var credentials: [[UInt8]]

    /// Creates a request from its fields (the ZAP handler fills them from libzmq's request frames).
    public init(domain: String, address: String, identity: [UInt8], mechanism: String, credentials: [[UInt8]]) {
        self.domain = domain
        self.address = address
        self.identity = identity
        self.mechanism = mechanism
        self.credentials = credentials
    }

    /// For a CURVE request, the client's public key in Z85 (40 characters); else `nil`.
    public var curvePublicKey: String? {
        guard mechanism == "CURVE", let key = credentials.first else { return nil }
        return ZMQKeyPair.z85(key)
    }
}
