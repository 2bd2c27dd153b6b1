import ArgumentParser
import Foundation
import Logging
import Measurement
import Orchestrator
import SearchSpace
import Store

/// `hsconas profile`: a device's operator table, measured by the fleet.
struct ProfileCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Profile every operator a space can produce on one device, through the fleet.",
        discussion: """
            Runs a coordinator that sends one 'profile' job per distinct operator signature (every block, \
            kernel and channel ratio the space can produce) to the workers of --device, spread over all of \
            them, and stores each measured operator in --store as it arrives. Run it again after an \
            interruption and it measures only what is missing.

            Workers: --local-workers N starts them on this machine (measuring with --runtime). For a \
            remote device, give --local-workers 0 and --bind tcp://*:PORT (the default binds loopback \
            only, which no other machine reaches), then start workers on the device: hsconas worker \
            --coordinator tcp://HOST:PORT --device NAME --runtime native --kinds profile,latency.

            Example (remote): hsconas profile --space spos --device rpi4-lab --store rpi4.sqlite \
            --local-workers 0 --bind tcp://*:5556

            --export FILE writes the stored table as JSON; --import FILE adds one to the store. Each entry \
            keeps its measurement statistics and environment.

            SIGTERM or SIGINT stops it cleanly: the workers are told bye and stopped, every operator \
            measured so far stays in --store, and the command exits with status 130.
            """)

    @Option(help: "Search space: nb201 or spos.") var space = SpaceKind.spos
    @Option(help: "Device name, as its workers report it.") var device: String
    @Option(help: "SQLite store that holds the table (created if missing).") var store: String
    @Option(help: "ZeroMQ endpoint to bind; the default takes loopback only: remote workers need tcp://*:PORT.")
    var bind = "tcp://127.0.0.1:*"
    @Option(help: "Local measuring workers to start (0: wait for remote workers).") var localWorkers = 1
    @Option(
        help: "Runtime of local workers: native or onnxruntime (default: native).",
        completion: RuntimeKind.completion(accepting: RuntimeKind.profilingRuntimes),
        transform: RuntimeKind.argument(accepting: RuntimeKind.profilingRuntimes))
    var runtime = RuntimeKind.native
    @Option(help: "Heartbeat interval in ms.") var heartbeatMs = 1000
    @Option(help: "Write the stored table of --space and --device to this JSON file, and do nothing else.") var export: String?
    @Option(name: .customLong("import"), help: "Add the table in this JSON file to the store, and do nothing else.")
    var importFile: String?
    @OptionGroup(title: "Measurement (local workers)") var measurement: MeasurementOptions
    @Flag(help: "No progress line.") var quiet = false
    @OptionGroup var logging: LogOptions

    func validate() throws {
        guard export == nil || importFile == nil else { throw ValidationError("give at most one of --export and --import") }
        guard localWorkers >= 0 else { throw ValidationError("--local-workers \(localWorkers) must not be negative") }
        guard RuntimeKind.profilingRuntimes.contains(runtime) else {
            throw ValidationError(
                "--runtime '\(runtime)' is not available for local profiling workers (\(RuntimeKind.list(RuntimeKind.profilingRuntimes)))")
        }
        guard !device.isEmpty, !device.contains(where: { $0.isWhitespace }) else {
            throw ValidationError("--device '\(device)' must be a name without spaces")
        }
    }

    func run() async throws {
        let logger = try logging.makeLogger(label: "hsconas.profile", defaultLevel: .warning)
        try await GracefulShutdown.run(
            logger: logger, howToContinue: { _ in "run the same 'hsconas profile' again; it measures only what is missing" }
        ) {
            try await profile(logger: logger)
        }
    }

    private func profile(logger: Logger) async throws {
        let networkSpace = space.space
        let settings = try measurement.settings()
        let runStore: RunStore
        do {
            runStore = try RunStore(path: store)
        } catch {
            throw CommandFailure("--store: \(error)")
        }
        defer {
            do {
                try runStore.close()
            } catch {
                logger.warning("\(error)")
            }
        }
        if let export {
            let records = try runStore.profiles(space: space.rawValue, device: device)
            guard !records.isEmpty else { throw CommandFailure("--export: the store has no \(space) operators for device '\(device)'") }
            do {
                try OperatorProfileTable(space: space.rawValue, device: device, records: records).encoded().write(to: URL(fileURLWithPath: export))
            } catch {
                throw CommandFailure("--export '\(export)': \(error.localizedDescription)")
            }
            Console.line("wrote \(records.count) \(space) operators of \(device) to \(export)")
            return
        }
        if let importFile {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: importFile))
            } catch {
                throw CommandFailure("--import '\(importFile)': \(error.localizedDescription)")
            }
            let table: OperatorProfileTable
            do {
                table = try OperatorProfileTable.decode(data, path: importFile)
            } catch {
                throw CommandFailure("--import: \(error)")
            }
            let added = try runStore.recordProfiles(table.records)
            Console.line("imported \(table.entries.count) \(table.space) operators of \(table.device): \(added) new, \(table.entries.count - added) already stored")
            return
        }

        let session = ProfileSession(
            space: networkSpace, device: device, store: runStore, bind: bind, heartbeatMs: heartbeatMs, localWorkers: localWorkers,
            localRuntime: runtime, localThreads: settings.threads, localCores: measurement.cores == nil ? nil : settings.cores,
            measurement: MeasurementConfig(settings), logger: logger)
        let printer = ProgressPrinter(quiet: quiet)
        let summary: ProfileSession.Summary
        do {
            summary = try await session.run { endpoint in
                if !quiet {
                    Console.line("coordinator listening on \(endpoint); profiling \(space) on device '\(device)'")
                }
            } progress: { done, total in
                printer.update(line: "profiled \(done)/\(total) operators")
            }
        } catch {
            printer.finish()
            throw error
        }
        printer.finish()
        Console.line(
            "\(summary.operators) \(space) operators for \(device): \(summary.alreadyStored) already stored, "
                + "\(summary.measured) measured now, \(summary.failed.count) failed, in \(String(format: "%.1f", summary.wallSeconds)) s")
        for (signature, error) in summary.failed.sorted(by: { $0.key < $1.key }).prefix(10) {
            Console.line("  failed: \(signature): \(error)")
        }
        Console.line("table: \(store) (export with --export FILE)")
        if !summary.failed.isEmpty { throw ExitCode(3) }
    }
}
