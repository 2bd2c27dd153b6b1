import Fleet

extension FleetCoordinator: JobFleet {
    /// Answers the workers registered now, from the coordinator's snapshot.
    public var workersOnline: Int { snapshot.workersOnline }
}
