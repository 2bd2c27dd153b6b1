import Fleet

extension FleetCoordinator: JobFleet {
    public var workersOnline: Int { snapshot.workersOnline }
}
