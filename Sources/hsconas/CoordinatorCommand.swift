import ArgumentParser
import Orchestrator

/// `hsconas coordinator`: the search's coordinator alone, waiting for workers on other machines.
struct CoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Run a search's coordinator and wait for remote workers to connect.",
        discussion: """
            Binds a ZeroMQ ROUTER socket and runs the search in the config; start workers elsewhere with \
            'hsconas worker --coordinator tcp://THIS_HOST:PORT --device NAME'. Jobs wait until a worker for \
            their device is online.

            With --curve-secret-key and --allow-keys the connection is CURVE-encrypted and only workers whose \
            public key file (*.pub) is in the allow-list folder are served; every refused connection is logged \
            with its address and key. Make keys with 'hsconas keys generate'.

            SIGTERM or SIGINT stops the run cleanly: no new job is sent, every connected worker is told \
            bye (and exits), every answer so far stays in the store, and the command exits with status \
            130; --resume continues it.
            """)

    @OptionGroup var options: SearchOptions

    @Option(name: .long, help: "ZeroMQ endpoint to bind, e.g. tcp://*:5555.")
    var bind: String = "tcp://*:5555"

    @OptionGroup(title: "Security (CURVE)") var curve: CurveServerOptions

    @OptionGroup var logging: LogOptions

    func run() async throws {
        let logger = try logging.makeLogger(label: "hsconas.coordinator", defaultLevel: .info)
        let security = try curve.security()
        if let security {
            logger.info(
                "CURVE on: admitting \(security.allowedKeys.count) worker keys",
                metadata: ["public_key": "\(security.publicKey ?? "?")"])
        }
        try await GracefulShutdown.run(
            logger: logger, howToContinue: { [bind] in "hsconas coordinator --resume \($0) --bind \(bind)" }
        ) { [options, bind] in
            try await SearchRunner.run(options: options, bind: bind, spawnLocalWorkers: false, security: security, logger: logger)
        }
    }
}
