import Fleet

/// Answers every job of its kinds in its spaces with a fixed figure (`accuracy` 50, `latency_ms` 1)
/// and refuses the rest, as a real executor would: a job that reaches it outside its spaces fails.
struct FixedAnswerExecutor: JobExecutor {
    let kinds: [JobKind]
    let spaces: [String]
    var runsInline: Bool { true }
    var runtimes: [String] { ["fixed"] }
    var versions: [String: String] { [:] }

    func execute(_ job: JobSpec) -> Result<JobResult, JobFailure> {
        guard kinds.contains(job.kind), spaces.contains(job.space) else {
            return .failure(JobFailure(jobID: job.jobID, error: "space '\(job.space)' is not supported here", retryable: false))
        }
        let metric = job.kind == .accuracy ? "accuracy" : "latency_ms"
        return .success(JobResult(jobID: job.jobID, metrics: [metric: job.kind == .accuracy ? 50 : 1], source: "fixed"))
    }
}
