import Fleet

/// Sends accuracy jobs to one executor and every other kind to another: a worker that replays
/// or measures latency while its accuracy comes from the proxy or the user's evaluator.
public struct AccuracySplitExecutor: JobExecutor {
    /// Answers the accuracy jobs (in `hsconas worker`, the proxy or the user's evaluator).
    public let accuracy: any JobExecutor
    /// Answers every other job kind (in `hsconas worker`, the table replay).
    public let other: any JobExecutor

    /// Sends accuracy jobs to `accuracy` and every other job to `other`.
    public init(accuracy: any JobExecutor, other: any JobExecutor) {
        self.accuracy = accuracy
        self.other = other
    }

    /// True only when both executors run inline.
    public var runsInline: Bool { accuracy.runsInline && other.runsInline }
    /// Accuracy, then `other`'s kinds other than accuracy.
    public var kinds: [JobKind] {
        [.accuracy] + other.kinds.filter { $0 != .accuracy }
    }
    /// `accuracy`'s spaces, then those of `other` not already listed.
    public var spaces: [String] {
        accuracy.spaces + other.spaces.filter { !accuracy.spaces.contains($0) }
    }
    /// `accuracy`'s spaces: those of `other` take no accuracy job here.
    public var accuracySpaces: [String]? { accuracy.accuracySpaces ?? accuracy.spaces }
    /// `accuracy`'s runtimes, then those of `other` not already listed.
    public var runtimes: [String] { accuracy.runtimes + other.runtimes.filter { !accuracy.runtimes.contains($0) } }
    /// Both executors' versions; `accuracy`'s wins on a shared key.
    public var versions: [String: String] { other.versions.merging(accuracy.versions) { $1 } }

    /// Hands an accuracy job to `accuracy` and any other job to `other`.
    public func execute(_ job: JobSpec) -> Result<JobResult, JobFailure> {
        job.kind == .accuracy ? accuracy.execute(job) : other.execute(job)
    }

    /// Forwarded to both executors.
    public func coordinatorLeft() {
        accuracy.coordinatorLeft()
        other.coordinatorLeft()
    }

    /// Shuts down `accuracy`, then `other`.
    public func shutdown() async {
        await accuracy.shutdown()
        await other.shutdown()
    }
}
