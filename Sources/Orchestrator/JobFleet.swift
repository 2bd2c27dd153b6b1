import Fleet

/// What the search driver needs of a fleet: jobs go out, events come back. ``FleetCoordinator``
/// is the real one; tests stand in a fake that answers as they script it.
public protocol JobFleet: AnyObject, Sendable {
    /// Job results, failures and workers joining or leaving, in the order they happen. The driver
    /// iterates it once, for the whole run.
    var events: AsyncStream<FleetEvent> { get }
    /// Queues jobs for the workers.
    func submit(_ jobs: [JobSpec])
    /// Workers registered now, for progress.
    var workersOnline: Int { get }
}
