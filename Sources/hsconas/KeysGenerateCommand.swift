import ArgumentParser
import Foundation
import ZeroMQ

/// `hsconas keys generate`: a fresh key pair as two files.
struct KeysGenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write a new CURVE key pair: NAME.pub (public, shareable) and NAME.key (secret, mode 0600).",
        discussion: """
            Keys are Z85 text (40 characters), as libzmq's CURVE options take them. Existing files are never \
            overwritten: a lost secret key cannot be recovered.
            """)

    @Option(help: "Name of the key files.") var name: String
    @Option(help: "Folder to write them to (created if missing).") var out = "."

    func validate() throws {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
            throw ValidationError("--name '\(name)' must be a plain file name (no '/', not starting with '.')")
        }
    }

    func run() async throws {
        let folder = URL(fileURLWithPath: out)
        let publicURL = folder.appendingPathComponent("\(name).pub")
        let secretURL = folder.appendingPathComponent("\(name).key")
        for url in [publicURL, secretURL] where FileManager.default.fileExists(atPath: url.path) {
            throw CommandFailure("--name '\(name)': \(url.path) already exists; not overwriting a key")
        }
        let pair: ZMQKeyPair
        do {
            pair = try ZMQKeyPair.generate()
        } catch {
            throw CommandFailure("cannot generate a CURVE key pair: \(error)")
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            // The secret file is created with owner-only permissions before anything is written to it.
            guard FileManager.default.createFile(atPath: secretURL.path, contents: nil, attributes: [.posixPermissions: 0o600]) else {
                throw CommandFailure("--out '\(out)': cannot create \(secretURL.path)")
            }
            try Data("public-key = \(pair.publicKey)\nsecret-key = \(pair.secretKey)\n".utf8).write(to: secretURL)
            try Data("\(pair.publicKey)\n".utf8).write(to: publicURL)
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("--out '\(out)': \(error.localizedDescription)")
        }
        Console.line("public key \(pair.publicKey)")
        Console.line("wrote \(publicURL.path) (share it) and \(secretURL.path) (keep it secret)")
    }
}
