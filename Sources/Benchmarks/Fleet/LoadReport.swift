/// What a ``FleetLoadProbe`` run measured.
public struct LoadReport: Sendable, Hashable {
    /// Workers the probe connected.
    public var workers: Int
    /// Heartbeat interval (ms) the workers and coordinator were set to.
    public var heartbeatMs: Int
    /// Gaps between consecutive messages of each worker while idle (only heartbeats flow), as
    /// the coordinator saw them, pooled over all workers (ms).
    public var gapMedianMs: Double
    /// The 99th percentile of the idle gaps (ms).
    public var gapP99Ms: Double
    /// The longest idle gap (ms).
    public var gapMaxMs: Double
    /// The longest silence of any worker while the jobs ran (ms).
    public var busyGapMaxMs: Double
    /// Workers the coordinator declared dead (or that left) before the run ended.
    public var workersLost: Int
    /// Jobs submitted and completed.
    public var jobs: Int
    /// Of the `jobs`, those completed (not failed) when the batch's last result arrived.
    public var completed: Int
    /// Completed jobs per second, from submission of the batch to the last result.
    public var jobsPerSecond: Double
    /// Dispatch round trip of a single job with the fleet otherwise idle: submit, lease, worker,
    /// result, event (ms).
    public var latencyMedianMs: Double
    /// 99th percentile of the single-job round trip (ms).
    public var latencyP99Ms: Double
    /// Seconds until every worker had registered.
    public var joinSeconds: Double

    /// Creates a report from its figures.
    public init(
        workers: Int, heartbeatMs: Int, gapMedianMs: Double, gapP99Ms: Double, gapMaxMs: Double, busyGapMaxMs: Double, workersLost: Int,
        jobs: Int, completed: Int, jobsPerSecond: Double, latencyMedianMs: Double, latencyP99Ms: Double, joinSeconds: Double
    ) {
        self.workers = workers
        self.heartbeatMs = heartbeatMs
        self.gapMedianMs = gapMedianMs
        self.gapP99Ms = gapP99Ms
        self.gapMaxMs = gapMaxMs
        self.busyGapMaxMs = busyGapMaxMs
        self.workersLost = workersLost
        self.jobs = jobs
        self.completed = completed
        self.jobsPerSecond = jobsPerSecond
        self.latencyMedianMs = latencyMedianMs
        self.latencyP99Ms = latencyP99Ms
        self.joinSeconds = joinSeconds
    }

    /// The value at quantile `q` (0...1) of `values` (nearest rank); 0 when empty.
    static func quantile(_ values: [Double], _ q: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        let rank = Int((q * Double(sorted.count - 1)).rounded())
        return sorted[min(sorted.count - 1, max(0, rank))]
    }
}
