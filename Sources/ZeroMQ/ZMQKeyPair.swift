import CZeroMQ
import Glibc

/// A CURVE key pair in Z85 text form (40 characters each), as libzmq's CURVE options accept.
public struct ZMQKeyPair: Sendable, Equatable {
    /// The public key, safe to hand out (clients set it as their server key).
    public let publicKey: String
    /// The secret key; keep it private.
    public let secretKey: String

    /// Pairs an existing public and secret key.
    public init(publicKey: String, secretKey: String) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// A fresh random key pair (`zmq_curve_keypair`).
    ///
    /// Throws `ENOTSUP` when libzmq was built without CURVE (libsodium) support.
    public static func generate() throws(ZMQError) -> ZMQKeyPair {
        // Z85 keys are 40 characters plus a NUL.
        var publicKey = [CChar](repeating: 0, count: 41)
        var secretKey = [CChar](repeating: 0, count: 41)
        guard zmq_curve_keypair(&publicKey, &secretKey) == 0 else {
            throw ZMQError.last("zmq_curve_keypair")
        }
        return ZMQKeyPair(publicKey: string(publicKey), secretKey: string(secretKey))
    }

    /// Derives the Z85 public key belonging to a 40-character Z85 secret key (`zmq_curve_public`).
    public static func publicKey(fromSecret secretKey: String) throws(ZMQError) -> String {
        guard secretKey.utf8.count == 40 else {
            throw ZMQError(
                code: EINVAL, operation: "zmq_curve_public",
                message: "a Z85 secret key is 40 characters, got \(secretKey.utf8.count)")
        }
        var publicKey = [CChar](repeating: 0, count: 41)
        guard zmq_curve_public(&publicKey, secretKey) == 0 else {
            throw ZMQError.last("zmq_curve_public")
        }
        return string(publicKey)
    }

    private static func string(_ nulTerminated: [CChar]) -> String {
        String(decoding: nulTerminated.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
