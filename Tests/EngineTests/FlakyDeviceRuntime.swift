import Measurement
import Runtimes
import SearchSpace
import Synchronization

/// A stand-in for a tool that times a phone: it answers 5 ms, unless the phone is "unplugged" or the
/// network is one the phone refuses; it counts its runs.
final class FlakyDeviceRuntime: LatencyRuntime {
    let name = "command"
    let timesByMethod = false
    private let state = Mutex((unplugged: false, refused: Set<NetworkGraph>(), runs: 0))

    var runs: Int { state.withLock { $0.runs } }

    func unplug(_ unplugged: Bool) {
        state.withLock { $0.unplugged = unplugged }
    }

    func refuse(_ graph: NetworkGraph) {
        _ = state.withLock { $0.refused.insert(graph) }
    }

    func measure(graph: NetworkGraph, settings: MeasurementSettings) async throws -> LatencyMeasurement {
        let fails = state.withLock { state in
            state.runs += 1
            return state.unplugged || state.refused.contains(graph)
        }
        if fails { throw MeasurementError.runtimeFailed(runtime: name, reason: "error: no devices/emulators found") }
        return LatencyMeasurement(
            statistics: LatencyStatistics(milliseconds: [5]), attempts: 1,
            environment: MeasurementEnvironment(cores: [0], threads: 1, batch: 1, runtime: name, runtimeVersion: "flaky"))
    }

    func shutdown() async {}
}
