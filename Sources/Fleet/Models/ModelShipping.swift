/// What turns a latency or profile job into the model shipped with it; the coordinator calls it
/// on its socket thread when it leases such a job to a worker announcing ``ShippedModel/capability``.
public protocol ModelShipping: Sendable {
    /// The model for `job`; an error fails the job for good with its message.
    func model(for job: JobSpec) throws -> ShippedModel
}
