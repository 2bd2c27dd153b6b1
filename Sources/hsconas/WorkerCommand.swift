import ArgumentParser
import BenchmarkData
import Fleet
import Foundation
import Logging
import Orchestrator
import ServiceLifecycle
import ZeroMQ

/// `hsconas worker`: serves one coordinator's jobs on this machine until told to stop.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Connect to a coordinator and evaluate its jobs on this machine.",
        discussion: """
            The worker introduces itself (device, job kinds, runtimes), then answers accuracy jobs and \
            latency jobs for its device. With the 'replay' runtime, accuracy comes from the NAS-Bench-201 \
            table and latency is replayed from the table's column for --device: labelled 'table' and \
            'replay', never 'measured'. SIGTERM or SIGINT says bye to the coordinator and exits.
            """)

    @Option(name: .long, help: "Coordinator endpoint, e.g. tcp://10.0.0.2:5555.")
    var coordinator: String

    @Option(name: .long, help: "Device this worker reports latency for (a NAS-Bench-201 device name for replay).")
    var device: String?

    @Option(name: .long, help: "Job kinds to take, comma-separated: accuracy, latency.")
    var kinds: String = "accuracy,latency"

    @Option(name: .long, help: "Runtime: replay (benchmark table).")
    var runtime: String = "replay"

    @Option(name: .long, help: "Accuracy jobs held at once (latency jobs always run one at a time).")
    var capacity: Int = 4

    @Option(name: .long, help: "Worker id (default: <device>-<host>-<pid>).")
    var id: String?

    @Option(name: .long, help: "Heartbeat interval in ms until the coordinator's welcome sets it.")
    var heartbeatMs: Int = 1000

    @Option(name: .long, help: "Simulated time per job in ms, for demos and fault-injection tests.")
    var simulatedDelayMs: Int = 0

    @Option(name: .long, help: .hidden)
    var parentPid: Int32?

    @OptionGroup var logging: LogOptions

    func validate() throws {
        do {
            try Endpoint.check(coordinator, field: "--coordinator")
        } catch {
            throw ValidationError(error.description)
        }
        guard capacity >= 1 else { throw ValidationError("--capacity \(capacity) must be at least 1") }
        guard heartbeatMs >= 10 else { throw ValidationError("--heartbeat-ms \(heartbeatMs) must be at least 10") }
        guard simulatedDelayMs >= 0 else { throw ValidationError("--simulated-delay-ms \(simulatedDelayMs) must not be negative") }
        guard runtime == "replay" else {
            throw ValidationError("--runtime '\(runtime)' is not available on this worker (available: replay)")
        }
        _ = try parsedKinds()
    }

    private func parsedKinds() throws -> [JobKind] {
        let names = kinds.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        var result: [JobKind] = []
        for name in names {
            guard let kind = JobKind(rawValue: name), kind != .profile else {
                throw ValidationError("--kinds: unknown job kind '\(name)' (expected accuracy, latency)")
            }
            result.append(kind)
        }
        guard !result.isEmpty else { throw ValidationError("--kinds must name at least one job kind") }
        return result
    }

    func run() async throws {
        let logger = try logging.makeLogger(label: "hsconas.worker", defaultLevel: .info)
        let kinds = try parsedKinds()
        let table = try TableLoader.load()
        guard device != nil || !kinds.contains(.latency) else {
            throw CommandFailure("--device is required for a worker that takes latency jobs")
        }
        let executor: ReplayExecutor
        do {
            executor = try ReplayExecutor(table: table, device: device, delay: .milliseconds(simulatedDelayMs))
        } catch {
            throw CommandFailure("--device: \(error.message)")
        }
        let deviceName = device ?? "none"
        let host = ProcessInfo.processInfo.hostName
        let hello = Hello(
            workerID: id ?? "\(deviceName)-\(host)-\(getpid())", device: deviceName, tags: [],
            kinds: kinds, spaces: executor.spaces, runtimes: executor.runtimes,
            versions: executor.versions.merging(["hsconas": HSCoNASCommand.configuration.version]) { a, _ in a },
            capacity: capacity)
        let worker: FleetWorker
        do {
            worker = try FleetWorker(
                context: try ZMQContext(), coordinator: coordinator, hello: hello, executor: executor,
                heartbeatMs: heartbeatMs, logger: logger)
        } catch {
            throw CommandFailure("\(error)")
        }
        logger.info("worker started", metadata: ["id": "\(hello.workerID)", "coordinator": "\(coordinator)"])
        let service = WorkerService(worker: worker, parentPid: parentPid)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: [.init(service: service, successTerminationBehavior: .gracefullyShutdownGroup)],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        try await group.run()
    }
}
