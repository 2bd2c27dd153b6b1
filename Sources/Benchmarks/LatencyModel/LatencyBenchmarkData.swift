import BenchmarkData
import LatencyModel
import SearchSpace

/// One benchmark table as `hsconas bench latency` uses it: networks of a space and their
/// latency on each device, in the same row order.
public struct LatencyBenchmarkData: Sendable {
    /// The space's name (`nb201`, `fbnet`).
    public let spaceName: String
    /// The one-hot columns of the space's genes.
    public let layout: OneHotLayout
    /// The networks, in row order.
    public let architectures: [Architecture]
    /// Device names, sorted.
    public private(set) var devices: [String]
    private var latencyColumns: [String: [Double]]

    /// A table of `architectures` of `space` with, per device, one latency (ms) per network in the same order.
    public init(space: some SearchSpace, architectures: [Architecture], latencies: [String: [Double]]) {
        precondition(latencies.values.allSatisfy { $0.count == architectures.count }, "one latency per network and device")
        spaceName = space.name
        layout = OneHotLayout(space: space)
        self.architectures = architectures
        latencyColumns = latencies
        devices = latencies.keys.sorted()
    }

    /// The 15,625 NAS-Bench-201 cells in benchmark index order, on its 27 devices.
    public static func nb201(_ table: NB201Table) throws(BenchmarkDataError) -> LatencyBenchmarkData {
        var architectures: [Architecture] = []
        for index in 0..<NB201Space.cellCount { architectures.append(try table.architecture(at: index)) }
        var latencies: [String: [Double]] = [:]
        for device in table.devices { latencies[device] = try table.latencies(device: device).map(Double.init) }
        return LatencyBenchmarkData(space: NB201Space(), architectures: architectures, latencies: latencies)
    }

    /// The 5,000 FBNet networks on their 27 devices.
    public static func fbnet(_ table: FBNetTable) throws(BenchmarkDataError) -> LatencyBenchmarkData {
        var latencies: [String: [Double]] = [:]
        for device in table.devices { latencies[device] = try table.latencies(device: device) }
        return LatencyBenchmarkData(space: FBNetSpace(), architectures: table.architectures, latencies: latencies)
    }

    /// The measured networks on `device` (one of `devices`).
    public func samples(device: String) -> [LatencySample] {
        let latencies = latencyColumns[device] ?? []
        return zip(architectures, latencies).map { LatencySample(architecture: $0, latencyMs: $1) }
    }

    /// The same table with only `devices` (those it has).
    public func restricted(to devices: [String]) -> LatencyBenchmarkData {
        var copy = self
        copy.latencyColumns = latencyColumns.filter { devices.contains($0.key) }
        copy.devices = copy.latencyColumns.keys.sorted()
        return copy
    }
}
