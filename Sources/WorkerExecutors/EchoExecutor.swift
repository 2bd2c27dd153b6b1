import Fleet

/// Answers every accuracy job at once with a fixed figure: no work, so a load benchmark measures
/// only the fleet (sockets, coordinator, protocol).
public struct EchoExecutor: JobExecutor {
    public init() {}

    public var runsInline: Bool { true }
    public var kinds: [JobKind] { [.accuracy] }
    public var spaces: [String] { ["nb201"] }
    public var runtimes: [String] { ["echo"] }
    public var versions: [String: String] { [:] }

    public func execute(_ job: JobSpec) -> Result<JobResult, JobFailure> {
        .success(JobResult(jobID: job.jobID, metrics: ["valid_accuracy": 50], source: "echo"))
    }
}
