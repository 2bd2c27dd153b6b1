import SearchSpace

/// HSCoNAS's hardware performance model in its simplest form (Docs/design.md §5, "where only
/// whole-network measurements exist"): latency ≈ bias + Σ over positions of a per-choice cost,
/// fitted by ridge-regularised least squares on the whole-network latencies a search has been
/// told. The strategy keeps one per target device and uses it to screen children before asking
/// (Docs/design.md §4: "check the latency constraint on the model first").
///
/// The normal equations are accumulated as results arrive, in tell order, so the fit is a pure
/// function of the told results and the model round-trips through a checkpoint.
public struct AdditiveLatencyModel: Sendable, Codable, Hashable {
    /// Choices per position (the full space's, so a shrunk mask keeps its columns).
    public let choiceCounts: [Int]
    /// Ridge weight added to the diagonal (not to the bias), relative to the sample count.
    public let ridge: Double
    private var gram: [Double]
    private var moment: [Double]
    /// Networks added so far.
    public private(set) var samples = 0
    /// Fitted coefficients: bias first, then one per (position, choice) in position order.
    public private(set) var coefficients: [Double]

    /// An empty model (every coefficient 0) for a space with `choiceCounts` choices per position.
    public init(choiceCounts: [Int], ridge: Double = 1e-3) {
        self.choiceCounts = choiceCounts
        self.ridge = ridge
        let width = 1 + choiceCounts.reduce(0, +)
        gram = [Double](repeating: 0, count: width * width)
        moment = [Double](repeating: 0, count: width)
        coefficients = [Double](repeating: 0, count: width)
    }

    private var width: Int { moment.count }

    /// Feature columns that are 1 for `architecture` (bias included).
    private func active(_ architecture: Architecture) -> [Int]? {
        guard architecture.genes.count == choiceCounts.count else { return nil }
        var columns = [0]
        var offset = 1
        for (gene, count) in zip(architecture.genes, choiceCounts) {
            guard gene >= 0, gene < count else { return nil }
            columns.append(offset + gene)
            offset += count
        }
        return columns
    }

    /// Adds one measured network.
    public mutating func add(_ architecture: Architecture, latencyMs: Double) {
        guard latencyMs.isFinite, let columns = active(architecture) else { return }
        for row in columns {
            moment[row] += latencyMs
            for column in columns { gram[row * width + column] += 1 }
        }
        samples += 1
    }

    /// Re-solves the normal equations (Gaussian elimination with partial pivoting).
    public mutating func refit() {
        guard samples > 0 else { return }
        let n = width
        var a = gram
        var b = moment
        let lambda = ridge * Double(samples)
        for i in 1..<n { a[i * n + i] += lambda }
        a[0] += 1e-9 * Double(samples)
        for pivot in 0..<n {
            var best = pivot
            for row in pivot + 1..<n where abs(a[row * n + pivot]) > abs(a[best * n + pivot]) { best = row }
            guard abs(a[best * n + pivot]) > 1e-12 else { continue }
            if best != pivot {
                for column in 0..<n { a.swapAt(pivot * n + column, best * n + column) }
                b.swapAt(pivot, best)
            }
            for row in pivot + 1..<n {
                let factor = a[row * n + pivot] / a[pivot * n + pivot]
                guard factor != 0 else { continue }
                for column in pivot..<n { a[row * n + column] -= factor * a[pivot * n + column] }
                b[row] -= factor * b[pivot]
            }
        }
        var x = [Double](repeating: 0, count: n)
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = b[row]
            for column in row + 1..<n { sum -= a[row * n + column] * x[column] }
            let diagonal = a[row * n + row]
            x[row] = abs(diagonal) > 1e-12 ? sum / diagonal : 0
        }
        if x.allSatisfy(\.isFinite) { coefficients = x }
    }

    /// Predicted latency (ms); nil before any sample or for a genome that does not fit.
    public func predict(_ architecture: Architecture) -> Double? {
        guard samples > 0, let columns = active(architecture) else { return nil }
        return columns.reduce(0) { $0 + coefficients[$1] }
    }
}
