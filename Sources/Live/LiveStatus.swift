import Fleet
import Report

/// What `/api/status` answers and the live page shows: the fleet as the coordinator last published
/// it, and the search's progress, best and Pareto fronts as its store holds them.
public struct LiveStatus: Sendable, Codable {
    /// The best feasible candidate so far.
    public struct Best: Sendable, Codable, Hashable {
        /// The candidate in the space's string form.
        public var architecture: String
        /// `valid_accuracy` or `proxy_score`.
        public var metric: String
        /// Its selection figure.
        public var value: Double
        /// Where that figure came from, as stored (`table`, `proxy`, `evaluator`, …).
        public var source: String
    }

    /// The run's name; nil until the store holds a run.
    public var run: String?
    /// Path of the run's store.
    public var store: String?
    /// The search has ended (the figures are final).
    public var finished: Bool
    /// When this status was rendered (ISO 8601).
    public var updatedAt: String
    /// Registered, live workers.
    public var workersOnline: Int
    /// Live workers, in registration order.
    public var workers: [WorkerStatus]
    /// Jobs waiting for a worker.
    public var jobsQueued: Int
    /// Jobs leased to workers.
    public var jobsInFlight: Int
    /// Jobs answered so far.
    public var jobsCompleted: Int
    /// Jobs failed for good.
    public var jobsFailed: Int
    /// Jobs by kind and device (`any` for accuracy jobs).
    public var jobs: [String: [String: JobTally]]
    /// Workers declared dead after missed heartbeats.
    public var workerDeaths: Int
    /// Workers that left otherwise: said bye or were replaced.
    public var workerDepartures: Int
    /// Selection figures stored (`valid_accuracy` or `proxy_score`).
    public var evaluations: Int
    /// The config's `budget` of selection evaluations; nil when it names none or the store holds no run or evaluations yet.
    public var budget: Int?
    /// The best feasible candidate so far; nil until one meets every limit.
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
