import ArgumentParser
import Fleet

/// A worker's CURVE flags: its own secret key file and the coordinator's public key.
struct CurveClientOptions: ParsableArguments {
    @Option(
        name: .customLong("curve-key"),
        help: ArgumentHelp(
            "Encrypt with CURVE using this worker's secret key file (NAME.key from 'hsconas keys generate'; "
                + "its NAME.pub must be in the coordinator's --allow-keys folder); needs --coordinator-key.",
            valueName: "file"))
    var keyFile: String?

    @Option(
        name: .customLong("coordinator-key"),
        help: ArgumentHelp("The coordinator's public key file (its NAME.pub).", valueName: "file"))
    var coordinatorKeyFile: String?

    func validate() throws {
        guard (keyFile == nil) == (coordinatorKeyFile == nil) else {
            throw ValidationError("--curve-key and --coordinator-key go together: CURVE needs this worker's key pair and the coordinator's public key")
        }
    }

    /// The security settings, or `nil` when both flags are absent.
    func security() throws -> WorkerSecurity? {
        guard let keyFile, let coordinatorKeyFile else { return nil }
        do {
            return try WorkerSecurity.load(keyFile: keyFile, coordinatorKeyFile: coordinatorKeyFile)
        } catch {
            throw CommandFailure("--curve-key/--coordinator-key: \(error.message)")
        }
    }
}
