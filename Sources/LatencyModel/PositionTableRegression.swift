import LinearAlgebra
import SearchSpace

/// The per-position latency table of Docs/design.md §5 for when only whole-network measurements exist:
/// latency ≈ constant + Σ over positions of a cost per (position, choice), fitted by least
/// squares on measured networks.
///
/// The one-hot columns of a position add up to the constant column, so only differences between
/// a position's choices are determined. When the samples determine all of them, the fit is plain
/// least squares with each position's first choice as its reference (cost 0), solved by Cholesky
/// with no ridge at all: an exactly additive latency is recovered to rounding, where a ridge,
/// however small, would bias every cost by about λ over the design's smallest singular value.
/// When they do not (fewer networks than costs, or choices that always occur together), the
/// system is singular and a ridge of `ridge` times the mean diagonal of the normal matrix on
/// every cost (never the constant) picks the fit whose costs are smallest: undetermined costs
/// stay near their position's average instead of interpolating the few samples exactly.
public struct PositionTableRegression: LatencyPredictor, Codable, Hashable {
    /// The one-hot columns the costs belong to.
    public let layout: OneHotLayout
    /// Ridge relative to the mean diagonal of the normal matrix, used only when the samples do
    /// not determine every cost. 0.1 scored best on the FBNet table with 20–100 samples
    /// (10⁻³ to 1 differ by a point or two of the ±10 % share).
    public var ridge: Double
    /// The constant term (ms).
    public private(set) var constant = 0.0
    /// Cost (ms) per one-hot column (see ``OneHotLayout``).
    public private(set) var costs: [Double]
    /// Whether the last fit found the costs undetermined and used the ridge.
    public private(set) var underdetermined = false

    /// An unfitted model for the genes of `space`.
    public init(space: some SearchSpace, ridge: Double = 0.1) {
        self.init(layout: OneHotLayout(space: space), ridge: ridge)
    }

    /// An unfitted model for genes with these columns.
    public init(layout: OneHotLayout, ridge: Double = 0.1) {
        self.layout = layout
        self.ridge = ridge
        costs = [Double](repeating: 0, count: layout.width)
    }

    /// Solves for the constant and the costs as described above; throws for no samples, a sample
    /// outside the layout, a latency that is not positive, or equations it cannot solve.
    public mutating func fit(_ samples: [LatencySample]) throws(LatencyModelError) {
        guard !samples.isEmpty else { throw LatencyModelError("cannot fit a latency table on no samples") }
        try OneHotLayout.check(samples, against: layout)
        // Unknowns: the constant (index 0), then one cost per one-hot column.
        let n = 1 + layout.width
        var gram = [Double](repeating: 0, count: n * n)
        var moment = [Double](repeating: 0, count: n)
        for sample in samples {
            let active = [0] + layout.columns(sample.architecture).map { $0 + 1 }
            for row in active {
                moment[row] += sample.latencyMs
                for column in active { gram[row * n + column] += 1 }
            }
        }
        // The reference-coded system: every position's first choice dropped.
        let kept = [0] + zip(layout.offsets, layout.choiceCounts).flatMap { offset, count in
            (offset + 2)..<(offset + 1 + count)
        }
        let reduced = kept.flatMap { row in kept.map { column in gram[row * n + column] } }
        var solution = [Double](repeating: 0, count: n)
        if let lower = Cholesky.factor(reduced, size: kept.count, tolerance: 1e-9) {
            underdetermined = false
            let values = Cholesky.solve(lower: lower, size: kept.count, kept.map { moment[$0] })
            for (index, column) in kept.enumerated() { solution[column] = values[index] }
        } else {
            underdetermined = true
            let meanDiagonal = (1..<n).reduce(0.0) { $0 + gram[$1 * n + $1] } / Double(n - 1)
            let lambda = ridge * max(meanDiagonal, 1)
            for index in 1..<n { gram[index * n + index] += lambda }
            guard let lower = Cholesky.factor(gram, size: n) else {
                throw LatencyModelError("the latency table's normal equations could not be factored (ridge \(lambda))")
            }
            solution = Cholesky.solve(lower: lower, size: n, moment)
        }
        guard solution.allSatisfy(\.isFinite) else {
            throw LatencyModelError("the latency table's least-squares solution is not finite")
        }
        constant = solution[0]
        costs = Array(solution[1...])
    }

    /// The constant plus the costs of the network's choices, in ms; NaN when it does not fit the layout.
    public func predict(_ architecture: Architecture) -> Double {
        guard layout.admits(architecture) else { return .nan }
        return layout.columns(architecture).reduce(constant) { $0 + costs[$1] }
    }
}
