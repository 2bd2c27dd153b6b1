/// Does the work of jobs on a worker: looks up, replays, measures or evaluates.
public protocol JobExecutor: Sendable {
    /// True when `execute` is cheap and never blocks, so it may run on the socket thread itself
    /// (no thread hand-off per job). Real measurements must return false.
    var runsInline: Bool { get }
    /// Job kinds, spaces and runtimes this executor offers, for the worker's `hello`.
    var kinds: [JobKind] { get }
    var spaces: [String] { get }
    var runtimes: [String] { get }
    var versions: [String: String] { get }
    /// Does one job. Never throws and never crashes on a bad job: it answers a failure.
    func execute(_ job: JobSpec) -> Result<JobResult, JobFailure>
}
