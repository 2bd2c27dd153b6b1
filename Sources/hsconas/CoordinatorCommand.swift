import ArgumentParser
import Orchestrator

/// `hsconas coordinator`: the search's coordinator alone, waiting for workers on other machines.
struct CoordinatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Run a search's coordinator and wait for remote workers to connect.",
        discussion: """
            Binds a ZeroMQ ROUTER socket (--bind, else the config's fleet.bind, else tcp://*:5555) and runs \
            the search in the config. It starts no workers of its own, not even for replayed targets or \
            accuracy (fleet.accuracy_workers and fleet.workers_per_device are for 'hsconas search'): start \
            one per target device with 'hsconas worker --coordinator tcp://THIS_HOST:PORT --device NAME' \
            (the default --runtime replay serves a table device; a spos device also needs --kinds latency,profile \
            to profile its operator table) and accuracy workers with --kinds accuracy; a board without Swift joins \
            with the thin Python worker, 'hsconas-worker' (Python/README.md). Jobs wait until a worker for \
            their device (and their space) is online.

            With --curve-secret-key and --allow-keys the connection is CURVE-encrypted and only workers whose \
            public key file (*.pub) is in the allow-list folder are served; every refused connection is logged \
            with its address and key. Make keys with 'hsconas keys generate'.

            SIGTERM or SIGINT stops the run cleanly: no new job is sent, every connected worker is told \
            bye (and exits, unless started with --stay), every answer so far stays in the store, and the \
            command exits with status 130; --resume continues it.
            """)

    @OptionGroup var options: SearchOptions

    @Option(name: .long, help: "ZeroMQ endpoint to bind (overrides fleet.bind; without either: \(Self.defaultBind)).")
    var bind: String?

    /// Where a coordinator listens when neither --bind nor fleet.bind says: every interface, as it
    /// waits for other machines (fleet.bind's own default is loopback, for 'hsconas search').
    static let defaultBind = "tcp://*:5555"

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
        // The stored config keeps fleet.bind, so only --bind and the CURVE flags need repeating.
        let howToContinue: @Sendable (String) -> String = { [bind, curve] store in
            ShellWords.line(["hsconas", "coordinator", "--resume", store] + (bind.map { ["--bind", $0] } ?? []) + curve.arguments)
        }
        try await GracefulShutdown.run(logger: logger, howToContinue: howToContinue) { [options, bind] in
            try await SearchRunner.run(
                options: options, bind: bind, defaultBind: Self.defaultBind, spawnLocalWorkers: false, security: security, logger: logger)
        }
    }
}
