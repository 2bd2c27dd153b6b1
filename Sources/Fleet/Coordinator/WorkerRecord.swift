/// The coordinator's view of one registered worker.
struct WorkerRecord {
    /// ZeroMQ routing identity of the worker's DEALER socket.
    let identity: [UInt8]
    var hello: Hello
    var lastSeen: ContinuousClock.Instant
    /// Accuracy jobs leased to it.
    var sharedJobs: Set<String> = []
    /// The latency or profile job it is running; while set, it gets nothing else, so a
    /// measurement never shares the machine.
    var exclusiveJob: String?
    /// Jobs whose lease expired here; the worker is still busy with them, and its answer will be ignored.
    var expiredJobs: Set<String> = []

    var workerID: String { hello.workerID }
    var isIdle: Bool { sharedJobs.isEmpty && exclusiveJob == nil && expiredJobs.isEmpty }

    /// True when it takes the job's kind in the job's space.
    func takes(_ spec: JobSpec) -> Bool { hello.takes(spec.kind, in: spec.space) }

    func hasRoomForShared() -> Bool {
        exclusiveJob == nil && sharedJobs.count + expiredJobs.count < max(1, hello.capacity)
    }

    var leasedJobs: [String] {
        Array(sharedJobs) + (exclusiveJob.map { [$0] } ?? [])
    }
}
