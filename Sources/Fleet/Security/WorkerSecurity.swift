/// A worker's CURVE settings: its own key pair, and the coordinator's public key it expects.
public struct WorkerSecurity: Sendable, Hashable {
    /// This worker's public key (Z85); it must be on the coordinator's allow-list.
    public var publicKey: String
    /// This worker's secret key (Z85).
    public var secretKey: String
    /// The coordinator's public key (Z85).
    public var serverKey: String

    /// Pairs this worker's key pair with the coordinator's public key it expects.
    public init(publicKey: String, secretKey: String, serverKey: String) {
        self.publicKey = publicKey
        self.secretKey = secretKey
        self.serverKey = serverKey
    }

    /// Reads the worker's secret key file (as `hsconas keys generate` writes it) and the
    /// coordinator's public key file.
    public static func load(keyFile: String, coordinatorKeyFile: String) throws(FleetError) -> WorkerSecurity {
        let pair = try CurveKeyFile.keyPair(path: keyFile)
        let server = try CurveKeyFile.publicKey(path: coordinatorKeyFile)
        return WorkerSecurity(publicKey: pair.publicKey, secretKey: pair.secretKey, serverKey: server)
    }
}
