import Foundation
import Logging
import Measurement

/// Worker processes started on this machine, each an `hsconas worker` connected to the
/// coordinator over tcp loopback, with its output in `<logs>/<name>.log`.
public final class LocalWorkerProcesses {
    private var processes: [(spec: LocalWorkerSpec, process: Process)] = []
    private let log: Logger

    /// No workers yet: `start` launches them; `logger` gets their starts and pinning.
    public init(logger: Logger) {
        self.log = logger
    }

    /// The `hsconas` executable of this process, to start workers with.
    public static func currentExecutable() -> URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    }

    /// Starts one process per spec; with `security` (and its `worker_key`) they connect with CURVE.
    public func start(
        _ specs: [LocalWorkerSpec], executable: URL, coordinator: String, heartbeatMs: Int, simulatedDelayMs: Int,
        measurement: MeasurementConfig = MeasurementConfig(), security: FleetConfig.Security? = nil, logDirectory: URL
    ) throws(FleetLaunchError) {
        do {
            try FileManager.default.createDirectory(at: logDirectory, withIntermediateDirectories: true)
        } catch {
            throw FleetLaunchError("cannot create worker log folder \(logDirectory.path): \(error.localizedDescription)")
        }
        for spec in specs {
            let process = Process()
            process.executableURL = executable
            var arguments = [
                "worker", "--coordinator", coordinator, "--id", spec.name, "--kinds", spec.kinds.joined(separator: ","),
                "--capacity", String(spec.capacity), "--heartbeat-ms", String(heartbeatMs),
                "--simulated-delay-ms", String(simulatedDelayMs), "--parent-pid", String(getpid()),
            ]
            if let device = spec.device { arguments += ["--device", device] }
            arguments += security?.workerArguments ?? []
            // The accuracy evaluator (spos searches: the NASWOT proxy or the user's command).
            if let evaluator = spec.evaluator, evaluator != .table {
                arguments += ["--evaluator", evaluator.rawValue]
                if let command = spec.evaluatorCommand { arguments += ["--evaluator-command", command] }
            }
            if !spec.runtime.isReplayed {
                arguments += ["--runtime", spec.runtime.rawValue, "--threads", String(spec.threads)] + measurement.workerArguments
                if let cores = spec.cores { arguments += ["--cores", cores.map(String.init).joined(separator: ",")] }
            }
            process.arguments = arguments
            let logURL = logDirectory.appendingPathComponent("\(spec.name).log")
            _ = FileManager.default.createFile(atPath: logURL.path, contents: nil)
            do {
                let handle = try FileHandle(forWritingTo: logURL)
                process.standardOutput = handle
                process.standardError = handle
                process.standardInput = FileHandle.nullDevice
                try process.run()
            } catch {
                killAll()
                throw FleetLaunchError("cannot start worker '\(spec.name)' (\(executable.path)): \(error.localizedDescription)")
            }
            log.debug("started local worker", metadata: ["worker": "\(spec.name)", "pid": "\(process.processIdentifier)"])
            processes.append((spec, process))
        }
        keepMeasuringCoresQuiet()
    }

    /// Confines this process and every non-measuring worker to the CPUs no measuring worker pins
    /// to, so a measurement never shares its CPU with the coordinator, a replay or an accuracy
    /// worker (on 2 vCPUs, sharing made the quickstart's measurements up to 1.7× slower and
    /// noisy enough that its latency model could decide almost nothing). Nothing is confined
    /// when no CPU would be left, or when nothing is measured.
    private func keepMeasuringCoresQuiet() {
        let measuring = Set(
            processes.filter { !$0.spec.runtime.isReplayed }.flatMap {
                $0.spec.cores ?? MeasurementSettings.defaultCores(threads: $0.spec.threads)
            })
        let others = (0..<CPUInfo.onlineCPUs).filter { !measuring.contains($0) }
        guard !measuring.isEmpty, !others.isEmpty else { return }
        var confined = [getpid()]
        confined += processes.filter { $0.spec.runtime.isReplayed }.map(\.process.processIdentifier)
        for pid in confined {
            do {
                try ThreadPinning.confineProcess(pid, to: others)
            } catch {
                log.warning("could not keep a process off the measuring CPUs", metadata: ["pid": "\(pid)", "error": "\(error)"])
            }
        }
        log.info(
            "measuring CPUs kept free",
            metadata: [
                "measuring": "\(measuring.sorted())", "others": "\(others)", "processes": "\(confined.count)",
            ])
    }

    /// Process ids by worker name.
    public var pids: [String: Int32] {
        Dictionary(uniqueKeysWithValues: processes.map { ($0.spec.name, $0.process.processIdentifier) })
    }

    /// How long ``terminate(grace:)`` lets workers stop by themselves before killing them.
    public static let stopGrace: Duration = .seconds(3)

    /// Asks every worker to stop (SIGTERM), then kills any still running after `grace`. It waits
    /// the same in a cancelled task: that is how a command stopping on SIGTERM gets here.
    public func terminate(grace: Duration = LocalWorkerProcesses.stopGrace) async {
        for (_, process) in processes where process.isRunning { process.terminate() }
        let deadline = ContinuousClock.now + grace
        for (_, process) in processes {
            while process.isRunning, ContinuousClock.now < deadline {
                await Self.pause(milliseconds: 10)
            }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        processes.removeAll()
    }

    /// A short wait that, unlike `Task.sleep`, does not end early when the task is cancelled.
    private static func pause(milliseconds: Int) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(milliseconds)) { continuation.resume() }
        }
    }

    /// Kills every worker at once, for the error path before anything was started properly.
    private func killAll() {
        for (_, process) in processes where process.isRunning { kill(process.processIdentifier, SIGKILL) }
        processes.removeAll()
    }
}
