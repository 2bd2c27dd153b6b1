/// Does the work of jobs on a worker: looks up, replays, measures or evaluates.
///
/// The implementations live in `WorkerExecutors`; the protocol stays here because ``FleetWorker``
/// drives it and it is written in this module's message types (``JobSpec``, ``JobResult``).
public protocol JobExecutor: Sendable {
    /// True when `execute` is cheap and never blocks, so it may run on the socket thread itself
    /// (no thread hand-off per job). Real measurements must return false.
    var runsInline: Bool { get }
    /// Job kinds, spaces and runtimes this executor offers, for the worker's `hello`.
    var kinds: [JobKind] { get }
    var spaces: [String] { get }
    var runtimes: [String] { get }
    var versions: [String: String] { get }
    /// The spaces its accuracy jobs cover when fewer than ``spaces`` (the `hello`'s
    /// `accuracy_spaces`); nil: all of ``spaces``.
    var accuracySpaces: [String]? { get }
    /// Does one job. Never throws and never crashes on a bad job: it answers a failure.
    func execute(_ job: JobSpec) -> Result<JobResult, JobFailure>
    /// Releases what the executor holds (runtime threads, helper and evaluator processes) when the
    /// worker has left; a wrapper forwards it to what it wraps. Called once, after the last job.
    func shutdown() async
    /// The coordinator said its final bye: a job under way is awaited by nobody, and an executor
    /// that holds one (waiting for its device) may let it go. Called on the worker's socket thread;
    /// must not block. A wrapper forwards it to what it wraps.
    func coordinatorLeft()
}

extension JobExecutor {
    /// Accuracy jobs in every space the executor builds.
    public var accuracySpaces: [String]? { nil }

    /// Nothing to release.
    public func shutdown() async {}

    /// Nothing is held.
    public func coordinatorLeft() {}
}
