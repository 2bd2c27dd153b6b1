import Fleet
import Foundation
import Logging

/// Wraps a worker's executor with deliberate faults, for fault-injection tests and drills
/// (`hsconas worker --fault …`, hidden from `--help`, documented in Docs/reliability.md).
///
/// - `crashOn`: a job whose architecture contains one of these substrings kills the whole
///   process at once (`_exit`, no bye, no answer), as a segfaulting evaluator would.
/// - `failOn`: such a job is answered `failed` (not retryable) instead: the deterministic
///   counterpart of `crashOn`, for reference runs.
/// - `slow`: every job takes this much longer, e.g. longer than its lease.
/// - `drift`: after a number of latency jobs, every latency figure is scaled (``LatencyDrift``).
public struct FaultInjectingExecutor: JobExecutor {
    /// Exit status of a process killed by `crashOn`.
    public static let crashStatus: Int32 = 86

    /// The executor that does the jobs no fault stops.
    public let base: any JobExecutor
    /// Architecture substrings whose jobs exit the process with ``crashStatus`` (`--fault crash-on=…`).
    public let crashOn: [String]
    /// Architecture substrings whose jobs fail, not retryable (`--fault fail-on=…`).
    public let failOn: [String]
    /// Extra time every job sleeps before it runs (`--fault slow-ms=…`); zero for none.
    public let slow: Duration
    /// Scales latency figures after a number of latency jobs (`--fault drift=N:FACTOR`); nil for none.
    public let drift: LatencyDrift?
    private let log: Logger

    /// Wraps `base` with these faults; `logger` records every crash and failure injected.
    public init(
        wrapping base: any JobExecutor, crashOn: [String], failOn: [String], slow: Duration, drift: LatencyDrift? = nil,
        logger: Logger
    ) {
        self.base = base
        self.crashOn = crashOn
        self.failOn = failOn
        self.slow = slow
        self.drift = drift
        self.log = logger
    }

    /// True when it injects anything at all.
    public var isActive: Bool { !crashOn.isEmpty || !failOn.isEmpty || slow > .zero || drift != nil }

    /// True only when `base` runs inline and no slowdown is injected: a slow job must not hold
    /// the socket thread, or heartbeats would stop too.
    public var runsInline: Bool { base.runsInline && slow == .zero }
    /// `base`'s kinds.
    public var kinds: [JobKind] { base.kinds }
    /// `base`'s spaces.
    public var spaces: [String] { base.spaces }
    /// `base`'s accuracy spaces.
    public var accuracySpaces: [String]? { base.accuracySpaces }
    /// `base`'s runtimes.
    public var runtimes: [String] { base.runtimes }
    /// `base`'s versions.
    public var versions: [String: String] { base.versions }

    /// Exits the process on a `crashOn` match and fails a `failOn` match; otherwise sleeps `slow`,
    /// runs the job on `base` and applies `drift` to its result.
    public func execute(_ job: JobSpec) -> Result<JobResult, JobFailure> {
        if let substring = crashOn.first(where: { job.architecture.contains($0) }) {
            log.critical(
                "fault injection: crashing on purpose",
                metadata: ["job": "\(job.jobID)", "architecture": "\(job.architecture)", "crash-on": "\(substring)"])
            // Straight out, like a crash: no bye, no flush of anything else.
            _exit(Self.crashStatus)
        }
        if let substring = failOn.first(where: { job.architecture.contains($0) }) {
            log.warning(
                "fault injection: failing on purpose",
                metadata: ["job": "\(job.jobID)", "architecture": "\(job.architecture)", "fail-on": "\(substring)"])
            return .failure(
                JobFailure(jobID: job.jobID, error: "fault injection: fail-on '\(substring)' matched", retryable: false))
        }
        if slow > .zero {
            Thread.sleep(forTimeInterval: slow.seconds)
        }
        guard let drift else { return base.execute(job) }
        return base.execute(job).map { drift.apply(to: $0, of: job) }
    }

    /// Forwarded to the wrapped executor.
    public func coordinatorLeft() {
        base.coordinatorLeft()
    }

    /// Shuts `base` down.
    public func shutdown() async {
        await base.shutdown()
    }
}
