import ZeroMQ

/// CURVE encryption and a worker allow-list for a coordinator: its secret key, and the public keys
/// of the workers it serves. A ZAP handler admits only those keys; everyone else gets nothing.
public struct CoordinatorSecurity: Sendable, Hashable {
    /// The coordinator's secret key (Z85, 40 characters).
    public var secretKey: String
    /// Allowed worker public keys (Z85) mapped to a label for the logs, e.g. the key file's name.
    public var allowedKeys: [String: String]
    /// The ZAP domain set on the coordinator's socket.
    public var domain: String

    /// Admits the workers in `allowedKeys` under the ZAP `domain` (default `hsconas`).
    public init(secretKey: String, allowedKeys: [String: String], domain: String = "hsconas") {
        self.secretKey = secretKey
        self.allowedKeys = allowedKeys
        self.domain = domain
    }

    /// Reads the coordinator's secret key file and every `*.pub` file in `allowedKeysDirectory`.
    public static func load(secretKeyFile: String, allowedKeysDirectory: String) throws(FleetError) -> CoordinatorSecurity {
        let pair = try CurveKeyFile.keyPair(path: secretKeyFile)
        let allowed = try CurveKeyFile.allowList(directory: allowedKeysDirectory)
        return CoordinatorSecurity(secretKey: pair.secretKey, allowedKeys: allowed)
    }

    /// The coordinator's public key, which workers need (`--coordinator-key`).
    public var publicKey: String? {
        try? ZMQKeyPair.publicKey(fromSecret: secretKey)
    }
}
