/// A unit of work the coordinator sends to one worker (the body of a `job` message).
public struct JobSpec: Sendable, Hashable {
    /// Unique per coordinator; results are matched (and de-duplicated) by it.
    public var jobID: String
    /// What the worker is asked to do: accuracy, latency or profile.
    public var kind: JobKind
    /// Search space name, e.g. `nb201`.
    public var space: String
    /// The architecture in the space's string form.
    public var architecture: String
    /// Target device; required for latency and profile jobs, absent for accuracy jobs.
    public var device: String?
    /// Kind-specific settings, e.g. `dataset` for accuracy jobs.
    public var settings: [String: String]
    /// How long the worker may take, in milliseconds (0: no deadline).
    public var deadlineMs: Int
    /// The network itself, for a worker that builds none (``ShippedModel/capability``); set by the
    /// coordinator when it leases the job to such a worker.
    public var model: ShippedModel?

    /// A job with no device, settings, deadline or shipped model unless given.
    public init(
        jobID: String, kind: JobKind, space: String, architecture: String, device: String? = nil,
        settings: [String: String] = [:], deadlineMs: Int = 0, model: ShippedModel? = nil
    ) {
        self.model = model
        self.jobID = jobID
        self.kind = kind
        self.space = space
        self.architecture = architecture
        self.device = device
        self.settings = settings
        self.deadlineMs = deadlineMs
    }
}
