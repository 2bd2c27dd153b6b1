import BenchmarkData
import SearchSpace

/// What the fleet knows of every nb201 network: its latency on each device of the benchmark
/// table, for a device to learn from (``FleetTransferRegression``). A device of the table itself
/// is left out of its own references, so it never learns from its own column.
public enum FleetReferences {
    /// The table's devices but `excluded`, and each network's latencies (ms) on them in that
    /// order; nil for an architecture that is not an nb201 cell.
    public static func nb201(table: NB201Table, excluding excluded: String? = nil) throws(BenchmarkDataError) -> (
        devices: [String], latencies: @Sendable (Architecture) -> [Double]?
    ) {
        let devices = table.devices.filter { $0 != excluded }
        var columns: [[Float]] = []
        for device in devices { columns.append(try table.latencies(device: device)) }
        let frozen = columns
        return (devices, { architecture in
            guard architecture.genes.count == 6, architecture.genes.allSatisfy({ (0..<5).contains($0) }) else { return nil }
            let index = table.index(of: architecture)
            guard index >= 0, index < NB201Space.cellCount else { return nil }
            return frozen.map { Double($0[index]) }
        })
    }
}
