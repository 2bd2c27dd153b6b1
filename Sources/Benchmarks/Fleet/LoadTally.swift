import Fleet
import Synchronization

/// Counts a load run's events as they stream in (from the event-reading task) for the probe to
/// read: joins, departures and completions.
final class LoadTally: Sendable {
    private struct State {
        var joined = 0
        var left = 0
        var completed = 0
        var failed = 0
    }

    private let state = Mutex(State())

    func record(_ event: FleetEvent) {
        state.withLock { state in
            switch event {
            case .workerJoined: state.joined += 1
            case .workerLeft: state.left += 1
            case .completed: state.completed += 1
            case .failed: state.failed += 1
            case .jobRequeued: break
            }
        }
    }

    var joined: Int { state.withLock { $0.joined } }
    var left: Int { state.withLock { $0.left } }
    var completed: Int { state.withLock { $0.completed } }
    var finished: Int { state.withLock { $0.completed + $0.failed } }
}
