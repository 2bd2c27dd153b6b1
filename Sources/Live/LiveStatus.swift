import Fleet
import Report

/// What `/api/status` answers and the live page shows: the fleet as the coordinator last published
/// it, and the search's progress, best and Pareto fronts as its store holds them.
public struct LiveStatus: Sendable, Codable {
    /// The best feasible candidate so far.
    public struct Best: Sendable, Codable, Hashable {
        public var architecture: String
        /// `valid_accuracy` or `proxy_score`.
        public var metric: String
        public var value: Double
        public var source: String
    }

    public var run: String?
    public var store: String?
    /// The search has ended (the figures are final).
    public var finished: Bool
    public var updatedAt: String
    public var workersOnline: Int
    public var workers: [WorkerStatus]
    public var jobsQueued: Int
    public var jobsInFlight: Int
    public var jobsCompleted: Int
    public var jobsFailed: Int
    /// Jobs by kind and device (`any` for accuracy jobs).
    public var jobs: [String: [String: JobTally]]
    public var workerDeaths: Int
    public var workerDepartures: Int
    /// Selection figures stored (`valid_accuracy` or `proxy_score`).
    public var evaluations: Int
    public var budget: Int?
    public var best: Best?
    /// Per target device, the Pareto front of (latency, selection figure) so far.
    public var fronts: [String: [FrontPoint]]
    /// Why the store could not be read this time, if it could not.
    public var storeProblem: String?

    enum CodingKeys: String, CodingKey {
        case run, store, finished, workers, jobs, evaluations, budget, best, fronts
        case updatedAt = "updated_at"
        case workersOnline = "workers_online"
        case jobsQueued = "jobs_queued"
        case jobsInFlight = "jobs_in_flight"
        case jobsCompleted = "jobs_completed"
        case jobsFailed = "jobs_failed"
        case workerDeaths = "worker_deaths"
        case workerDepartures = "worker_departures"
        case storeProblem = "store_problem"
    }
}
