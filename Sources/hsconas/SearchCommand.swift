import ArgumentParser
import Foundation
import Orchestrator

/// `hsconas search`: a coordinator plus local worker processes, all on this machine.
struct SearchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Run a search with a coordinator and local worker processes over ZeroMQ.",
        discussion: """
            Starts the coordinator and local 'hsconas worker' processes on tcp loopback: \
            fleet.workers_per_device latency workers per replayed target device, one per measured \
            (native or onnxruntime) target, none for a 'runtime: remote' target (start those on the device), \
            and fleet.accuracy_workers accuracy workers. It runs the search with a live progress line and \
            writes run.sqlite, result.json, search-log.json, report.html and workers/*.log into \
            OUTPUT/NAME-<UTC time>/ (the config's output and name).

            A killed run continues with --resume RUN_FOLDER/run.sqlite: the config stored in the run is \
            used, every evaluation already stored is reused rather than redone, and the result is the one \
            the run would have had without the kill (for deterministic evaluators).

            SIGTERM or SIGINT stops the run cleanly: no new job is sent, the workers are told bye and \
            stopped, every answer so far stays in the store, and the command exits with status 130; \
            --resume continues it.
            """)

    @OptionGroup var options: SearchOptions

    @Option(name: .long, help: "ZeroMQ endpoint to bind (overrides fleet.bind).")
    var bind: String?

    @OptionGroup var logging: LogOptions

    func run() async throws {
        let logger = try logging.makeLogger(label: "hsconas.search", defaultLevel: .warning)
        // The stored config keeps fleet.bind, so only a --bind flag needs repeating.
        let howToContinue: @Sendable (String) -> String = { [bind] store in
            ShellWords.line(["hsconas", "search", "--resume", store] + (bind.map { ["--bind", $0] } ?? []))
        }
        try await GracefulShutdown.run(logger: logger, howToContinue: howToContinue) { [options, bind] in
            try await SearchRunner.run(options: options, bind: bind, spawnLocalWorkers: true, logger: logger)
        }
    }
}
