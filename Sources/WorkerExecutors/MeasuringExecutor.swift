import Fleet
import Foundation
import Logging
import Measurement
import Runtimes
import SearchSpace

/// A worker's executor for real latency: latency jobs for `nb201` and `spos` are built and timed
/// by a ``LatencyRuntime`` on this machine (source `measured`, with the measurement's statistics
/// and environment); accuracy jobs, if this worker takes them, go to `accuracy` (the table).
/// A job's `settings` may carry the search's measurement method (``MeasurementSettings/methodKeys``),
/// which then replaces `settings`' method for that job (unless the runtime runs a tool with its own
/// repetition); cores, threads and batch stay this worker's.
///
/// Each timed measurement holds the host's ``HostMeasurementLock``, so two measuring workers on
/// one machine never time at once; the environment records how long the job waited for it and
/// the interval it held it (`lock_wait_ms`, `measured_from`, `measured_until`).
public struct MeasuringExecutor: JobExecutor {
    /// The device this worker times on; a latency or profile job for another device fails.
    public let device: String
    /// Builds and times each job's network on this machine.
    public let runtime: any LatencyRuntime
    /// The method of jobs that carry none (this worker's flags); pinning, threads and batch for all.
    public let settings: MeasurementSettings
    /// Answers accuracy jobs; nil: the worker takes latency and profile jobs only.
    public let accuracy: (any JobExecutor)?
    /// Held around every timed measurement; nil measures without one.
    public let hostLock: HostMeasurementLock?
    /// Holds a job while the device behind the runtime's tool does not answer; nil answers failed at once.
    public let deviceWait: UnreachableDeviceWait?
    private let runtimeVersion: String
    private let operators = OperatorCatalogCache()
    private let methodNotice = MethodNotice()
    /// Where a long wait for the host lock is reported (another measuring process held it).
    private let logger: Logger?

    /// Times `device`'s jobs on `runtime`; `runtimeVersion` is advertised under the runtime's name.
    public init(
        device: String, runtime: any LatencyRuntime, runtimeVersion: String, settings: MeasurementSettings,
        accuracy: (any JobExecutor)? = nil, hostLock: HostMeasurementLock? = HostMeasurementLock.fromEnvironment(),
        deviceWait: UnreachableDeviceWait? = nil, logger: Logger? = nil
    ) {
        self.logger = logger
        self.hostLock = hostLock
        self.deviceWait = deviceWait
        self.device = device
        self.runtime = runtime
        self.runtimeVersion = runtimeVersion
        self.settings = settings
        self.accuracy = accuracy
    }

    /// False: timing a network blocks the thread.
    public var runsInline: Bool { false }
    /// Latency and profile jobs, and accuracy jobs when `accuracy` is set.
    public var kinds: [JobKind] { accuracy == nil ? [.latency, .profile] : [.accuracy, .latency, .profile] }
    /// Every space this build knows (`SearchSpaces.names`).
    public var spaces: [String] { SearchSpaces.names }
    /// `accuracy`'s spaces (a table covers nb201 only); nil without `accuracy`.
    public var accuracySpaces: [String]? { accuracy.map { $0.accuracySpaces ?? $0.spaces } }
    /// The runtime's name, then `accuracy`'s runtimes.
    public var runtimes: [String] { [runtime.name] + (accuracy?.runtimes ?? []) }
    /// `accuracy`'s versions plus the runtime's name → `runtimeVersion`.
    public var versions: [String: String] { (accuracy?.versions ?? [:]).merging([runtime.name: runtimeVersion]) { $1 } }

    /// Times a latency or profile job (`latency_ms`: the median, source `measured`) or passes an accuracy
    /// job to `accuracy`; a failed measurement or host lock is retryable, a bad job is not.
    public func execute(_ job: JobSpec) -> Result<JobResult, JobFailure> {
        func failure(_ reason: String, retryable: Bool = false) -> Result<JobResult, JobFailure> {
            .failure(JobFailure(jobID: job.jobID, error: reason, retryable: retryable))
        }
        switch job.kind {
        case .accuracy:
            guard let accuracy else { return failure("this worker measures latency only; it takes no accuracy jobs") }
            return accuracy.execute(job)
        case .latency, .profile:
            guard job.device == device else {
                return failure("\(job.kind.rawValue) job for device '\(job.device ?? "")' sent to a '\(device)' worker")
            }
            let graph: NetworkGraph
            let settings: MeasurementSettings
            do {
                graph = try operators.graph(space: job.space, architecture: job.architecture, isOperator: job.kind == .profile)
                // The search's method, when the job carries it, over this worker's own flags (a
                // command runtime's tool repeats runs its own way: nothing to apply).
                settings = runtime.timesByMethod ? try self.settings.applying(method: job.settings) : self.settings
            } catch {
                return failure("\(error)")
            }
            methodNotice.note(used: settings, flags: self.settings, job: job.jobID, logger: logger)
            let started = ContinuousClock.now
            var outcome: Result<LatencyMeasurement, any Error>
            var tenure: HostMeasurementLock.Tenure?
            // How long the job was held for the device to come back, when it was.
            var waitedForDevice: Duration?
            do {
                (outcome, tenure) = try timed(graph, settings: settings)
                if case .failure(let error) = outcome, let deviceWait {
                    let waitStarted = ContinuousClock.now
                    // A probe's timing is thrown away: it runs without the host lock.
                    if deviceWait.deviceIsBack(
                        job: job.jobID, error: "\(error)", leaseLeft: Self.leaseLeft(of: job, since: started),
                        probe: { good in
                            guard case .success = try? timed(good, settings: settings, locked: false).0 else { return false }
                            return true
                        })
                    {
                        waitedForDevice = ContinuousClock.now - waitStarted
                        (outcome, tenure) = try timed(graph, settings: settings)
                    }
                }
            } catch {
                return failure("\(error)", retryable: true)
            }
            switch outcome {
            case .failure(let error):
                return failure("\(error)", retryable: true)
            case .success(let measured):
                deviceWait?.measured(graph)
                let stats = measured.statistics
                let env = measured.environment
                var environment = [
                    "device": device, "runtime": env.runtime, "runtime_version": env.runtimeVersion,
                    "cpu": env.cpuModel, "host": env.host, "cores": env.cores.map(String.init).joined(separator: ","),
                    "threads": "\(env.threads)", "batch": "\(env.batch)", "mean_ms": "\(stats.mean)",
                    "p10_ms": "\(stats.p10)", "p90_ms": "\(stats.p90)", "cv": "\(stats.coefficientOfVariation)",
                    "runs": "\(stats.samples)", "attempts": "\(measured.attempts)",
                ]
                if let warning = env.kernelWarning { environment["kernel_warning"] = warning }
                // Not device time: the coordinator leaves it out of the device's cost.
                if let waitedForDevice {
                    environment[JobResult.deviceWaitKey] = String(format: "%.0f", waitedForDevice.seconds * 1000)
                }
                if let tenure, let hostLock {
                    if tenure.waitedSeconds >= Self.reportedLockWait {
                        logger?.notice(
                            "waited for the host measurement lock; another measuring process on this host held it",
                            metadata: [
                                "job": "\(job.jobID)", "lock": "\(hostLock.path)",
                                "waited_s": "\(String(format: "%.1f", tenure.waitedSeconds))",
                            ])
                    }
                    environment["host_lock"] = hostLock.path
                    environment["lock_wait_ms"] = String(format: "%.3f", tenure.waitedSeconds * 1000)
                    environment["measured_from"] = String(format: "%.6f", tenure.acquiredAt)
                    environment["measured_until"] = String(format: "%.6f", tenure.releasedAt)
                }
                return .success(
                    JobResult(jobID: job.jobID, metrics: ["latency_ms": stats.median], source: "measured", environment: environment))
            }
        }
    }

    /// Times `graph` on the runtime, holding the host lock when there is one (which throws when it
    /// cannot be taken); the measurement's outcome and the lock's tenure.
    private func timed(
        _ graph: NetworkGraph, settings: MeasurementSettings, locked: Bool = true
    ) throws -> (Result<LatencyMeasurement, any Error>, HostMeasurementLock.Tenure?) {
        let measure = { [runtime] in
            Self.blocking { try await runtime.measure(graph: graph, settings: settings) }
        }
        guard let hostLock, locked else { return (measure(), nil) }
        return try hostLock.withLock(measure)
    }

    /// What is left of the job's lease (`deadline_ms`, counted from when this worker started it);
    /// nil when the job has none.
    private static func leaseLeft(of job: JobSpec, since started: ContinuousClock.Instant) -> Duration? {
        guard job.deadlineMs > 0 else { return nil }
        return max(.zero, .milliseconds(job.deadlineMs) - (ContinuousClock.now - started))
    }

    /// Lets a job held for an unreachable device go: its coordinator left.
    public func coordinatorLeft() {
        deviceWait?.abandonHeldJob()
        accuracy?.coordinatorLeft()
    }

    /// Ends a wait for an unreachable device, then shuts the runtime down (its threads, a helper
    /// process) and the accuracy executor.
    public func shutdown() async {
        deviceWait?.stop()
        await runtime.shutdown()
        await accuracy?.shutdown()
    }

    /// A wait for the host lock at least this long is logged: measurements that stall behind
    /// another process's are then visible in the worker's log, not only in each figure's environment.
    static let reportedLockWait = 1.0

    /// Waits for async work from the worker's job queue (a dispatch thread, never the
    /// cooperative pool, so blocking here cannot starve the task that does the work).
    private static func blocking<Value: Sendable>(
        _ work: @escaping @Sendable () async throws -> Value
    ) -> Result<Value, any Error> {
        let box = ResultBox<Value>()
        let done = DispatchSemaphore(value: 0)
        Task {
            do {
                box.set(.success(try await work()))
            } catch {
                box.set(.failure(error))
            }
            done.signal()
        }
        done.wait()
        return box.get()
    }
}
