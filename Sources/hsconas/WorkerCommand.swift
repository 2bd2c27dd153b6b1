import ArgumentParser
import BenchmarkData
import Fleet
import Foundation
import Logging
import Measurement
import Orchestrator
import Runtimes
import WorkerExecutors
import ZeroMQ

/// `hsconas worker`: serves one coordinator's jobs on this machine until told to stop.
struct WorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Connect to a coordinator and evaluate its jobs on this machine.",
        discussion: """
            The worker introduces itself (device, job kinds, runtimes), then answers accuracy jobs and \
            latency jobs for its device. Accuracy comes from --evaluator: the NAS-Bench-201 table (default, \
            labelled 'table'), the NASWOT proxy ('proxy_score', labelled 'proxy') or your own evaluator \
            process (labelled 'evaluator'; see Docs/evaluators.md).

            Latency, by --runtime (labelled 'measured', except replay's 'replay'):
              replay       the table's column for --device
              native       built and timed by the built-in engine
              onnxruntime  exported to ONNX, timed by ONNX Runtime
              command      exported to ONNX, timed by --command
                           with --pattern (a failing tool: 'failed',
                           unless its device stopped answering:
                           then the job waits, see --device-wait)

            Real runtimes pin to --cores and measure with the --warmup/--min-runs/--min-seconds/--max-cv/--attempts \
            method; a search whose config has fleet.measurement sends that with each job, and it is used instead. \
            --device names the device freely (e.g. rpi4-lab-3); replay needs a table device. A device with a spos \
            target also profiles its operators: give it --kinds latency,profile. The table answers accuracy on \
            nb201 only; the coordinator sends this worker no accuracy job of another space.

            SIGTERM or SIGINT says bye to the coordinator and exits. When the coordinator says bye (its search \
            ended or was stopped), the worker exits too, unless --stay keeps it waiting for the next search or \
            the --resume at the same address (Cluster/systemd/ has units that start it again instead).

            A board where Swift is not built joins with the thin Python worker instead: \
            'pip install ./Python[onnxruntime]' into a virtual environment on it, then \
            'hsconas-worker --coordinator … --device …' (Python/README.md).
            """)

    @Option(name: .long, help: "Coordinator endpoint, e.g. tcp://10.0.0.2:5555.")
    var coordinator: String

    @Option(name: .long, help: "Device this worker reports latency for (a NAS-Bench-201 device name for replay).")
    var device: String?

    @Option(
        name: .long, help: "Job kinds to take, comma-separated: accuracy, latency, profile (operator profiling; real runtimes) (default: accuracy,latency).",
        transform: { try CommaSeparated.cases($0, of: JobKind.self) })
    var kinds: [JobKind] = [.accuracy, .latency]

    @Option(
        name: .long, help: "Runtime: replay, native, onnxruntime or command (see above) (default: replay).",
        completion: RuntimeKind.completion(accepting: RuntimeKind.workerRuntimes),
        transform: RuntimeKind.argument(accepting: RuntimeKind.workerRuntimes))
    var runtime: RuntimeKind = .replay

    @OptionGroup var commandRuntime: CommandRuntimeOptions

    @Flag(
        name: .long,
        help: """
            For --runtime command whose tool times on another device (a phone over adb, a board over ssh): measure \
            without this host's measurement lock, so the host's own measuring workers need not wait.
            """)
    var noHostLock = false

    @Option(
        name: .long,
        help: ArgumentHelp(
            """
            For --runtime command: when the tool fails and also fails on the last network it measured, the device is \
            taken to be unreachable (a phone unplugged, a board rebooting); the job is held and that network tried \
            every 10 s for up to this long, then the job is measured again or answered failed (default: 600; 0: \
            answer failed at once).
            """, valueName: "seconds"))
    var deviceWait: Double?

    @Option(name: .long, help: "For --runtime onnxruntime: Python with onnxruntime installed.")
    var python: String = "python3"

    @OptionGroup(title: "Measurement (real runtimes)") var measurement: MeasurementOptions

    @OptionGroup(title: "Accuracy evaluator") var evaluators: EvaluatorOptions

    @Option(name: .long, help: "Accuracy jobs held at once (latency jobs always run one at a time).")
    var capacity: Int = 4

    @Option(name: .long, help: "Worker id (default: <device>-<host>-<pid>).")
    var id: String?

    @Option(name: .long, help: "Heartbeat interval in ms until the coordinator's welcome sets it.")
    var heartbeatMs: Int = 1000

    @Flag(
        name: .long,
        help: "Outlive the coordinator's bye: wait for the next search (or its --resume) at the same address.")
    var stay = false

    @Option(name: .long, help: "Simulated time per job in ms, for demos and fault-injection tests.")
    var simulatedDelayMs: Int = 0

    @Option(name: .long, help: .hidden)
    var parentPid: Int32?

    @OptionGroup(title: "Security (CURVE)") var curve: CurveClientOptions

    @OptionGroup var faults: WorkerFaultOptions

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
        guard RuntimeKind.workerRuntimes.contains(runtime) else {
            throw ValidationError("--runtime '\(runtime)' is not a worker runtime (available: \(RuntimeKind.list(RuntimeKind.workerRuntimes)))")
        }
        try commandRuntime.check(runtime: runtime)
        if noHostLock && runtime != .command {
            throw ValidationError("--no-host-lock is for --runtime command, whose tool may time another device; not for --runtime \(runtime)")
        }
        if let deviceWait {
            let value = String(format: "%g", deviceWait)
            guard runtime == .command else {
                throw ValidationError(
                    "--device-wait '\(value)' is for --runtime command, whose tool may lose its device; not for --runtime \(runtime)")
            }
            guard deviceWait >= 0, deviceWait <= Self.longestDeviceWait else {
                throw ValidationError("--device-wait '\(value)': expected seconds from 0 to \(Int(Self.longestDeviceWait)) (a week)")
            }
        }
        try evaluators.check()
        _ = try measurement.settings()
        _ = try parsedKinds()
    }

    /// The longest `--device-wait` taken, in seconds: a week.
    static let longestDeviceWait = 604_800.0

    private func parsedKinds() throws -> [JobKind] {
        guard !kinds.contains(.profile) || !runtime.isReplayed else {
            throw ValidationError("--kinds profile needs a runtime that measures (--runtime native, onnxruntime or command)")
        }
        return kinds
    }

    func run() async throws {
        let logger = try logging.makeLogger(label: "hsconas.worker", defaultLevel: .info)
        let kinds = try parsedKinds()
        let table = try TableLoader.load()
        guard device != nil || !kinds.contains(.latency) else {
            throw CommandFailure("--device is required for a worker that takes latency jobs")
        }
        if !runtime.isReplayed { NativeRuntime.selectKernels() }
        let executor = try faults.wrap(try await makeExecutor(table: table, kinds: kinds, logger: logger), logger: logger)
        let security = try curve.security()
        let deviceName = device ?? "none"
        let host = ProcessInfo.processInfo.hostName
        let hello = Hello(
            workerID: id ?? "\(deviceName)-\(host)-\(getpid())", device: deviceName, tags: [],
            kinds: kinds, spaces: executor.spaces, runtimes: executor.runtimes,
            versions: executor.versions.merging(["hsconas": HSCoNASCommand.configuration.version]) { a, _ in a },
            capacity: capacity, accuracySpaces: kinds.contains(.accuracy) ? executor.accuracySpaces : nil)
        let worker: FleetWorker
        do {
            worker = try FleetWorker(
                context: try ZMQContext(), coordinator: coordinator, hello: hello, executor: executor,
                heartbeatMs: heartbeatMs, staysAfterBye: stay, security: security, logger: logger)
        } catch {
            throw CommandFailure("\(error)")
        }
        logger.info("worker started", metadata: ["id": "\(hello.workerID)", "coordinator": "\(coordinator)"])
        if runtime == .native, let warning = NativeRuntime.kernelWarning {
            logger.warning("\(warning)", metadata: ["device": "\(deviceName)"])
        }
        let service = WorkerService(worker: worker, parentPid: parentPid)
        try await GracefulShutdown.group(running: service, logger: logger).run()
        await executor.shutdown()
    }

    private func makeExecutor(table: NB201Table, kinds: [JobKind], logger: Logger) async throws -> any JobExecutor {
        // --evaluator proxy or command: accuracy jobs go there instead of the table.
        let evaluator = kinds.contains(.accuracy) ? try evaluators.makeAccuracyExecutor() : nil
        if runtime.isReplayed {
            if let evaluator, kinds == [.accuracy] { return evaluator }
            do {
                let replay = try ReplayExecutor(table: table, device: device, delay: .milliseconds(simulatedDelayMs))
                return evaluator.map { AccuracySplitExecutor(accuracy: $0, other: replay) } ?? replay
            } catch {
                throw CommandFailure("--device: \(error.message)")
            }
        }
        guard let device else { throw CommandFailure("--device is required with --runtime \(runtime)") }
        let settings = try measurement.settings()
        let accuracy: (any JobExecutor)? =
            kinds.contains(.accuracy)
            ? try evaluator ?? ReplayExecutor(table: table, device: nil, delay: .milliseconds(simulatedDelayMs)) : nil
        let latencyRuntime: any LatencyRuntime
        let version: String
        switch runtime {
        case .native:
            latencyRuntime = NativeRuntime(cores: settings.cores)
            version = NativeRuntime.version
        case .onnxruntime:
            let ort = try ORTRuntime(python: python)
            do {
                version = try await ort.version()
            } catch {
                await ort.shutdown()
                throw CommandFailure("--runtime onnxruntime: \(error)")
            }
            latencyRuntime = ort
        case .command, .replay, .remote:
            latencyRuntime = try commandRuntime.makeRuntime(cores: settings.cores)
            version = "command: \(commandRuntime.command ?? "")"
        }
        return MeasuringExecutor(
            device: device, runtime: latencyRuntime, runtimeVersion: version, settings: settings, accuracy: accuracy,
            hostLock: noHostLock ? nil : HostMeasurementLock.fromEnvironment(),
            deviceWait: runtime == .command
                ? UnreachableDeviceWait(limit: .milliseconds(Int64((deviceWait ?? 600) * 1000)), logger: logger) : nil,
            logger: logger)
    }
}
