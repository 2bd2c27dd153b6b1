import Fleet
import Foundation

/// Answers latency and accuracy jobs off the socket thread with the architecture string's length
/// (as `latency_ms`), so an answer tells which architecture it was for; architectures starting
/// `slow` take `slowSeconds`.
struct ArchitectureLengthExecutor: JobExecutor {
    let slowSeconds: Double
    var runsInline: Bool { false }
    var kinds: [JobKind] { [.latency, .accuracy] }
    var spaces: [String] { ["nb201"] }
    var runtimes: [String] { ["length"] }
    var versions: [String: String] { [:] }

    func execute(_ job: JobSpec) -> Result<JobResult, JobFailure> {
        if job.architecture.hasPrefix("slow") { Thread.sleep(forTimeInterval: slowSeconds) }
        return .success(JobResult(jobID: job.jobID, metrics: ["latency_ms": Double(job.architecture.count)], source: "length"))
    }
}
