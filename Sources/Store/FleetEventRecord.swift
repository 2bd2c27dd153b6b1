import Foundation
import GRDB

/// A worker joining or leaving the search's fleet, or a job going back to the queue, as the search
/// driver saw it.
///
/// `at` is when the driver took the event from the coordinator, which lags the event itself by
/// at most one batch's bookkeeping (the driver reads events whenever jobs are in flight).
public struct FleetEventRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    /// Stored in the `fleet_event` table, in the order the driver took the events.
    public static let databaseTableName = "fleet_event"

    /// `joined`, `left` or `requeued`.
    public enum Kind: String, Sendable, Codable, Hashable {
        case joined
        case left
        /// A job's lease expired on `worker`, or it answered a retryable failure: the job was
        /// queued again (`detail` says which job and why).
        case requeued
    }

    /// When the driver took the event from the coordinator (see above).
    public var at: Date
    /// Whether the worker joined or left, or a job it held was requeued.
    public var kind: Kind
    /// Id of the worker that joined or left, or that held the requeued job.
    public var worker: String
    /// The worker's device as it said in `hello`; empty when unknown.
    public var device: String
    /// For `left`: why (e.g. `missed 3 heartbeats`, `said bye: …`); for `joined`: the job kinds it takes;
    /// for `requeued`: the job's kind and architecture, why, and the attempt.
    public var detail: String
    /// For `left`: jobs it held that went back to the queue; 1 for `requeued`.
    public var requeued: Int

    /// An event; `requeued` defaults to 0 (what a joining worker has).
    public init(at: Date, kind: Kind, worker: String, device: String, detail: String, requeued: Int = 0) {
        self.at = at
        self.kind = kind
        self.worker = worker
        self.device = device
        self.detail = detail
        self.requeued = requeued
    }
}
