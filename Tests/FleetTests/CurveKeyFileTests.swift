import Fleet
import Foundation
import Testing
import ZeroMQ
import TestSupport

/// Key files as `hsconas keys generate` writes them, and every way they can be wrong.
@Suite("CURVE key files")
struct CurveKeyFileTests {
    static func folder() throws -> URL {
        try TestFolder.make("keys")
    }

    static func write(_ pair: ZMQKeyPair, name: String, in folder: URL) throws {
        try "public-key = \(pair.publicKey)\nsecret-key = \(pair.secretKey)\n"
            .write(to: folder.appendingPathComponent("\(name).key"), atomically: true, encoding: .utf8)
        try "\(pair.publicKey)\n".write(to: folder.appendingPathComponent("\(name).pub"), atomically: true, encoding: .utf8)
    }

    static func message(_ body: () throws -> Void) -> String {
        do {
            try body()
            return "no error"
        } catch let error as FleetError {
            return error.message
        } catch {
            return "unexpected \(error)"
        }
    }

    @Test("a generated pair round-trips; the allow-list maps each key to its file")
    func roundTrip() throws {
        let folder = try Self.folder()
        let pair = try ZMQKeyPair.generate()
        try Self.write(pair, name: "w1", in: folder)
        #expect(try CurveKeyFile.keyPair(path: folder.appendingPathComponent("w1.key").path) == pair)
        #expect(try CurveKeyFile.publicKey(path: folder.appendingPathComponent("w1.pub").path) == pair.publicKey)
        // A secret key file also serves as the public key (its public-key line).
        #expect(try CurveKeyFile.publicKey(path: folder.appendingPathComponent("w1.key").path) == pair.publicKey)
        #expect(try CurveKeyFile.allowList(directory: folder.path) == [pair.publicKey: "w1.pub"])
        #expect(ZMQKeyPair.binary(z85: pair.publicKey).flatMap(ZMQKeyPair.z85) == pair.publicKey)
    }

    @Test("missing, malformed and mismatched files and an empty folder fail naming the file")
    func badFiles() throws {
        let folder = try Self.folder()
        let missing = folder.appendingPathComponent("nope.key").path
        #expect(Self.message { _ = try CurveKeyFile.keyPair(path: missing) }.contains("\(missing) does not exist"))

        let garbage = folder.appendingPathComponent("garbage.pub")
        try "not a key\n".write(to: garbage, atomically: true, encoding: .utf8)
        #expect(Self.message { _ = try CurveKeyFile.publicKey(path: garbage.path) }.contains(garbage.path))
        #expect(Self.message { _ = try CurveKeyFile.allowList(directory: folder.path) }.contains("garbage.pub"))

        let noSecret = folder.appendingPathComponent("nosecret.key")
        try "public-key = abc\n".write(to: noSecret, atomically: true, encoding: .utf8)
        #expect(Self.message { _ = try CurveKeyFile.keyPair(path: noSecret.path) }.contains("no 'secret-key"))

        let a = try ZMQKeyPair.generate()
        let b = try ZMQKeyPair.generate()
        let mismatched = folder.appendingPathComponent("mismatch.key")
        try "public-key = \(b.publicKey)\nsecret-key = \(a.secretKey)\n".write(to: mismatched, atomically: true, encoding: .utf8)
        #expect(Self.message { _ = try CurveKeyFile.keyPair(path: mismatched.path) }.contains("does not belong"))

        let empty = try Self.folder()
        #expect(Self.message { _ = try CurveKeyFile.allowList(directory: empty.path) }.contains("holds no *.pub files"))
        #expect(Self.message { _ = try CurveKeyFile.allowList(directory: missing) }.contains("does not exist"))
    }
}
