import Synchronization

/// The fleet snapshot shared between the socket thread (writer) and everyone else (readers).
final class SnapshotCell: Sendable {
    private let value = Mutex(FleetSnapshot())

    func set(_ snapshot: FleetSnapshot) {
        value.withLock { $0 = snapshot }
    }

    func get() -> FleetSnapshot {
        value.withLock { $0 }
    }
}
