import Fleet
import Foundation
import Orchestrator
import Synchronization

/// A fleet that answers every job at once from a script, standing in for a ``FleetCoordinator``.
/// Each submission is answered last job first, so a driver must restore ask order itself.
final class ScriptedFleet: JobFleet {
    /// What the fleet answers to one job.
    enum Answer: Sendable {
        /// The job's figure (latency in ms, or validation accuracy).
        case figure(Double)
        /// The job failed for good.
        case failure(String)
        /// An answer without the figure asked for.
        case unusable
        /// The job's figure, labelled with `source` instead of the usual `measured` or `table`.
        case sourced(Double, source: String)
    }

    let events: AsyncStream<FleetEvent>
    private let continuation: AsyncStream<FleetEvent>.Continuation
    private let script: @Sendable (JobSpec) -> Answer
    private let submissions = Mutex<[[JobSpec]]>([])

    init(_ script: @escaping @Sendable (JobSpec) -> Answer) {
        (events, continuation) = AsyncStream.makeStream(of: FleetEvent.self)
        self.script = script
    }

    var workersOnline: Int { 1 }

    func submit(_ jobs: [JobSpec]) {
        submissions.withLock { $0.append(jobs) }
        for job in jobs.reversed() { continuation.yield(event(answering: job)) }
    }

    /// Every submission, in the order made.
    var submitted: [[JobSpec]] { submissions.withLock { $0 } }
    /// Every job submitted, in the order sent.
    var jobs: [JobSpec] { submitted.flatMap { $0 } }

    private func event(answering job: JobSpec) -> FleetEvent {
        let metric = job.kind == .accuracy ? "valid_accuracy" : "latency_ms"
        let source = job.kind == .accuracy ? "table" : "measured"
        switch script(job) {
        case .figure(let value):
            return .completed(
                job, JobResult(jobID: job.jobID, metrics: [metric: value], source: source), worker: "scripted",
                startedAt: Date(), finishedAt: Date())
        case .failure(let error):
            return .failed(job, error: error, attempts: 3)
        case .sourced(let value, let label):
            return .completed(
                job, JobResult(jobID: job.jobID, metrics: [metric: value], source: label), worker: "scripted",
                startedAt: Date(), finishedAt: Date())
        case .unusable:
            return .completed(
                job, JobResult(jobID: job.jobID, metrics: [:], source: source), worker: "scripted", startedAt: Date(),
                finishedAt: Date())
        }
    }
}
