import Fleet

/// Answers every accuracy job at once with a fixed figure: no work, so a load benchmark measures
/// only the fleet (sockets, coordinator, protocol).
public struct EchoExecutor: JobExecutor {
    /// An echo executor; it holds no state.
    public init() {}

    /// Always true: answering does no work.
    public var runsInline: Bool { true }
    /// Accuracy jobs only.
    public var kinds: [JobKind] { [.accuracy] }
    /// `nb201` only.
    public var spaces: [String] { ["nb201"] }
    /// The single runtime `echo`.
    public var runtimes: [String] { ["echo"] }
    /// Empty: there is nothing to version.
    public var versions: [String: String] { [:] }

    /// Answers `valid_accuracy` 50 at once, source `echo`, whatever the job.
    public func execute(_ job: JobSpec) -> Result<JobResult, JobFailure> {
        .success(JobResult(jobID: job.jobID, metrics: ["valid_accuracy": 50], source: "echo"))
    }
}
