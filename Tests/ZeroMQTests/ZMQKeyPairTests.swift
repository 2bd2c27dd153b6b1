import Glibc
import Testing
import ZeroMQ

@Suite("CURVE keys")
struct ZMQKeyPairTests {
    private static let z85Alphabet = Set(
        "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#")

    @Test func generatedKeysAreZ85AndThePublicKeyDerivesFromTheSecret() throws {
        let pair = try ZMQKeyPair.generate()
        #expect(pair.publicKey.count == 40)
        #expect(pair.secretKey.count == 40)
        #expect(pair.publicKey.allSatisfy { Self.z85Alphabet.contains($0) })
        #expect(pair.secretKey.allSatisfy { Self.z85Alphabet.contains($0) })
        #expect(try ZMQKeyPair.publicKey(fromSecret: pair.secretKey) == pair.publicKey)

        let other = try ZMQKeyPair.generate()
        #expect(other != pair)
        #expect(try ZMQKeyPair.publicKey(fromSecret: other.secretKey) != pair.publicKey)
    }

    @Test func aMalformedSecretIsRefused() {
        let error = #expect(throws: ZMQError.self) { try ZMQKeyPair.publicKey(fromSecret: "abc") }
        #expect(error?.code == EINVAL)
        #expect(error?.message.contains("40 characters, got 3") == true)
    }
}
