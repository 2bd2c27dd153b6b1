import SearchSpace

/// Answers accuracy and latency questions about NAS-Bench-201 cells from the table, and knows
/// the exhaustive optimum under any set of latency limits (used for regret).
public struct NB201Oracle: Sendable {
    /// The benchmark table the answers come from.
    public let table: NB201Table
    /// The dataset whose accuracy columns are read.
    public let dataset: NB201Dataset
    private let valid: [Float]
    private let test: [Float]

    /// Reads `dataset`'s validation and test accuracy columns from `table`; throws when either is missing.
    public init(table: NB201Table, dataset: NB201Dataset) throws(BenchmarkDataError) {
        self.table = table
        self.dataset = dataset
        valid = try table.column(dataset.validColumn)
        test = try table.column(dataset.testColumn)
    }

    /// Validation accuracy (%), the selection metric.
    public func validAccuracy(_ architecture: Architecture) -> Double {
        Double(valid[table.index(of: architecture)])
    }

    /// Test accuracy (%), reported only.
    public func testAccuracy(_ architecture: Architecture) -> Double {
        Double(test[table.index(of: architecture)])
    }

    /// Replayed latency (ms) on a device of the table.
    public func latency(_ architecture: Architecture, device: String) throws(BenchmarkDataError) -> Double {
        Double(try table.latencies(device: device)[table.index(of: architecture)])
    }

    /// The cell with the highest validation accuracy among those whose latency on every listed
    /// device is at most its limit (ties: lowest index). `nil` when no cell qualifies.
    public func optimum(limits: [(device: String, maxLatencyMs: Double)]) throws(BenchmarkDataError) -> (
        architecture: Architecture, index: Int, validAccuracy: Double
    )? {
        let columns = try limits.map { limit throws(BenchmarkDataError) in
            (try table.latencies(device: limit.device), limit.maxLatencyMs)
        }
        var best: (index: Int, accuracy: Float)?
        for index in valid.indices {
            guard columns.allSatisfy({ Double($0.0[index]) <= $0.1 }) else { continue }
            if valid[index] > (best?.accuracy ?? -.infinity) { best = (index, valid[index]) }
        }
        guard let best else { return nil }
        return (try table.architecture(at: best.index), best.index, Double(best.accuracy))
    }

    /// The latency at a percentile (0...100, nearest rank) of all cells on a device.
    public func latencyPercentile(_ percentile: Double, device: String) throws(BenchmarkDataError) -> Double {
        let sorted = try table.latencies(device: device).sorted()
        let rank = Int((percentile / 100 * Double(sorted.count - 1)).rounded())
        return Double(sorted[Swift.min(Swift.max(rank, 0), sorted.count - 1)])
    }
}
