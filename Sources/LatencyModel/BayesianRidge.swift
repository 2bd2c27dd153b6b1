import LinearAlgebra
/// Bayesian linear regression with a Gaussian prior on each weight: the posterior mean and, for
/// a new input x, the predictive variance σ² (1 + xᵀA⁻¹x) with A = XᵀX + diag(precision) and σ²
/// the residual variance (at least `noiseFloor`²). Small dense problems only (a few dozen
/// columns): the normal equations are re-solved by Cholesky on every ``fit(rows:targets:)``.
struct BayesianRidge: Sendable {
    /// Prior precision per column (column 0 is usually a bias with a vanishing one).
    let precision: [Double]
    let noiseFloor: Double
    private(set) var weights: [Double] = []
    private var lower: [Double] = []
    private(set) var noiseVariance = 0.0

    init(precision: [Double], noiseFloor: Double) {
        self.precision = precision
        self.noiseFloor = noiseFloor
    }

    var isFitted: Bool { !weights.isEmpty }

    /// Fits `targets` on `rows` (each `precision.count` wide); false when the system is singular.
    @discardableResult
    mutating func fit(rows: [[Double]], targets: [Double]) -> Bool {
        let n = precision.count
        var gram = [Double](repeating: 0, count: n * n)
        var moment = [Double](repeating: 0, count: n)
        for (row, target) in zip(rows, targets) {
            for i in 0..<n where row[i] != 0 {
                moment[i] += row[i] * target
                for j in 0..<n where row[j] != 0 { gram[i * n + j] += row[i] * row[j] }
            }
        }
        for i in 0..<n { gram[i * n + i] += precision[i] }
        guard let factor = Cholesky.factor(gram, size: n) else {
            weights = []
            return false
        }
        lower = factor
        weights = Cholesky.solve(lower: factor, size: n, moment)
        var squared = 0.0
        for (row, target) in zip(rows, targets) {
            let residual = target - mean(row)
            squared += residual * residual
        }
        // One degree of freedom for the bias; the prior keeps the rest from fitting noise exactly.
        noiseVariance = max(squared / Double(max(1, rows.count - 1)), noiseFloor * noiseFloor)
        return true
    }

    /// The posterior mean at `row`.
    func mean(_ row: [Double]) -> Double {
        zip(weights, row).reduce(0) { $0 + $1.0 * $1.1 }
    }

    /// The predictive standard deviation at `row`.
    func standardDeviation(_ row: [Double]) -> Double {
        let solved = Cholesky.solve(lower: lower, size: precision.count, row)
        let leverage = zip(solved, row).reduce(0) { $0 + $1.0 * $1.1 }
        return (noiseVariance * (1 + leverage)).squareRoot()
    }
}
