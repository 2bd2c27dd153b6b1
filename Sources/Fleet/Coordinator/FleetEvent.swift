import Foundation

/// What the coordinator reports to the code driving it (the search), in the order it happened.
public enum FleetEvent: Sendable {
    /// A job finished; `worker` is the id of the worker that answered.
    case completed(JobSpec, JobResult, worker: String, startedAt: Date, finishedAt: Date)
    /// A job failed for good (after `attempts` attempts, or at once when not retryable).
    case failed(JobSpec, error: String, attempts: Int)
    /// A worker registered.
    case workerJoined(Hello)
    /// A worker left or was declared dead; its jobs went back to the queue.
    case workerLeft(workerID: String, reason: String, requeued: Int)
    /// A job went back to the queue for another attempt: its lease expired on `workerID`, or that
    /// worker answered a retryable failure. `attempt` is the number of attempts made so far.
    case jobRequeued(JobSpec, workerID: String, reason: String, attempt: Int)
}
