import Foundation
import GRDB

/// One stored evaluation: a metric of one architecture, on one device for latency metrics.
///
/// The pair (space, architecture, metric, device) is unique, which is what makes evaluations
/// memoized: no architecture is evaluated twice for the same metric and device.
public struct EvaluationRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    /// Stored in the `evaluation` table, whose `id` column keeps insertion order.
    public static let databaseTableName = "evaluation"

    /// The search space's name, e.g. `nb201` or `spos`.
    public var space: String
    /// The architecture in its space's string form.
    public var architecture: String
    /// `valid_accuracy`, `test_accuracy`, `latency_ms`, …
    public var metric: String
    /// Device for latency metrics; empty for accuracy metrics (shared across devices).
    public var device: String
    /// The value; `nil` when the evaluation failed.
    public var value: Double?
    /// Where the value came from; `nil` for a failed evaluation.
    public var source: EvaluationSource?
    /// Worker that answered (its id), empty when none did.
    public var worker: String
    /// When the coordinator gave the job to a worker; for a failed or predicted value, when it was recorded.
    public var startedAt: Date
    /// When the coordinator got the answer; for a failed or predicted value, when it was recorded.
    public var finishedAt: Date
    /// Error text of a failed evaluation.
    public var error: String?
    /// Where a measured value was measured, as the worker reported it (a JSON object: runtime
    /// and version, CPU, cores, threads, batch, p10/p90/CV, attempts); `nil` when not reported.
    public var environment: String?

    /// One evaluation; `error` and `environment` default to nil.
    public init(
        space: String, architecture: String, metric: String, device: String, value: Double?,
        source: EvaluationSource?, worker: String, startedAt: Date, finishedAt: Date, error: String? = nil,
        environment: String? = nil
    ) {
        self.space = space
        self.architecture = architecture
        self.metric = metric
        self.device = device
        self.value = value
        self.source = source
        self.worker = worker
        self.startedAt = startedAt
        self.finishedAt = finishedAt
        self.error = error
        self.environment = environment
    }
}
