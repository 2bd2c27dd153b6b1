import Fleet

/// Sends accuracy jobs to one executor and every other kind to another: a worker that replays
/// or measures latency while its accuracy comes from the proxy or the user's evaluator.
public struct AccuracySplitExecutor: JobExecutor {
    public let accuracy: any JobExecutor
    public let other: any JobExecutor

    public init(accuracy: any JobExecutor, other: any JobExecutor) {
        self.accuracy = accuracy
        self.other = other
    }

    public var runsInline: Bool { accuracy.runsInline && other.runsInline }
    public var kinds: [JobKind] {
        [.accuracy] + other.kinds.filter { $0 != .accuracy }
    }
    public var spaces: [String] {
        accuracy.spaces + other.spaces.filter { !accuracy.spaces.contains($0) }
    }
    public var runtimes: [String] { accuracy.runtimes + other.runtimes.filter { !accuracy.runtimes.contains($0) } }
    public var versions: [String: String] { other.versions.merging(accuracy.versions) { $1 } }

    public func execute(_ job: JobSpec) -> Result<JobResult, JobFailure> {
        job.kind == .accuracy ? accuracy.execute(job) : other.execute(job)
    }

    public func shutdown() async {
        await accuracy.shutdown()
        await other.shutdown()
    }
}
