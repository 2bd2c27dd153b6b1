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
            """)

    @OptionGroup var options: SearchOptions

    @Option(name: .long, help: "ZeroMQ endpoint to bind, e.g. tcp://*:5555.")
    var bind: String = "tcp://*:5555"

    @OptionGroup var logging: LogOptions

    func run() async throws {
        let logger = try logging.makeLogger(label: "hsconas.coordinator", defaultLevel: .info)
        try await SearchRunner.run(options: options, bind: bind, spawnLocalWorkers: false, logger: logger)
    }
}
