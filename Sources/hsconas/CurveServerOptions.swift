import ArgumentParser
import Fleet

/// The coordinator's CURVE flags: its secret key and the folder of worker public keys it admits.
struct CurveServerOptions: ParsableArguments {
    @Option(
        name: .customLong("curve-secret-key"),
        help: ArgumentHelp(
            "Encrypt with CURVE using this secret key file (from 'hsconas keys generate'); needs --allow-keys.",
            valueName: "file"))
    var secretKeyFile: String?

    @Option(
        name: .customLong("allow-keys"),
        help: ArgumentHelp(
            "Folder of worker public keys (*.pub) to admit; every other key is refused and logged.",
            valueName: "folder"))
    var allowKeysDirectory: String?

    func validate() throws {
        guard (secretKeyFile == nil) == (allowKeysDirectory == nil) else {
            throw ValidationError("--curve-secret-key and --allow-keys go together: CURVE needs both the coordinator's secret key and the workers it admits")
        }
    }

    /// The flags as given, to repeat in a printed command line.
    var arguments: [String] {
        (secretKeyFile.map { ["--curve-secret-key", $0] } ?? []) + (allowKeysDirectory.map { ["--allow-keys", $0] } ?? [])
    }

    /// The security settings, or `nil` when both flags are absent.
    func security() throws -> CoordinatorSecurity? {
        guard let secretKeyFile, let allowKeysDirectory else { return nil }
        do {
            return try CoordinatorSecurity.load(secretKeyFile: secretKeyFile, allowedKeysDirectory: allowKeysDirectory)
        } catch {
            throw CommandFailure("--curve-secret-key/--allow-keys: \(error.message)")
        }
    }
}
