import Fleet
import ZeroMQ

extension FleetConfig {
    /// The `fleet.security:` section: CURVE encryption and the worker allow-list, so
    /// `hsconas search` (coordinator and local workers) runs encrypted.
    ///
    /// Paths are read as given (relative ones from the current folder).
    public struct Security: Sendable, Hashable, Codable {
        /// The coordinator's secret key file (`NAME.key` from `hsconas keys generate`).
        public var secretKey: String
        /// Folder of worker public keys (`*.pub`) the coordinator admits.
        public var allowedKeys: String
        /// The secret key file local workers use; its public key must be in `allowed_keys`.
        public var workerKey: String?

        /// A section naming these key files; nothing is read until ``load()``.
        public init(secretKey: String, allowedKeys: String, workerKey: String? = nil) {
            self.secretKey = secretKey
            self.allowedKeys = allowedKeys
            self.workerKey = workerKey
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case secretKey = "secret_key"
            case allowedKeys = "allowed_keys"
            case workerKey = "worker_key"
        }

        /// Reads the key files, naming the field of any that is missing or malformed, and checks
        /// that the local workers' key is one the coordinator admits.
        public func load() throws(ConfigError) -> CoordinatorSecurity {
            let pair: ZMQKeyPair
            do {
                pair = try CurveKeyFile.keyPair(path: secretKey)
            } catch {
                throw ConfigError(field: "fleet.security.secret_key", error.message)
            }
            let allowed: [String: String]
            do {
                allowed = try CurveKeyFile.allowList(directory: allowedKeys)
            } catch {
                throw ConfigError(field: "fleet.security.allowed_keys", error.message)
            }
            if let workerKey {
                let worker: ZMQKeyPair
                do {
                    worker = try CurveKeyFile.keyPair(path: workerKey)
                } catch {
                    throw ConfigError(field: "fleet.security.worker_key", error.message)
                }
                guard allowed[worker.publicKey] != nil else {
                    throw ConfigError(
                        field: "fleet.security.worker_key",
                        "\(workerKey): its public key \(worker.publicKey) is not in \(allowedKeys), so local workers would be refused")
                }
            }
            return CoordinatorSecurity(secretKey: pair.secretKey, allowedKeys: allowed)
        }

        /// The `hsconas worker` flags that make a local worker connect with CURVE, or none
        /// without `worker_key`. The coordinator's secret key file also states its public key,
        /// which is all the worker reads from it.
        public var workerArguments: [String] {
            guard let workerKey else { return [] }
            return ["--curve-key", workerKey, "--coordinator-key", secretKey]
        }
    }
}
