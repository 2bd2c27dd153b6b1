/// Solves symmetric positive definite systems `A x = b` by Cholesky factorisation `A = L Lᵀ`.
/// Written out by hand: the systems here are at most ~200×200 (one unknown per one-hot column),
/// a few million flops, and the factorisation doubles as the singularity test.
enum Cholesky {
    /// The lower factor of `matrix` (row-major `n × n`, only its lower triangle is read), or nil
    /// when a pivot is not above `tolerance` times the largest diagonal entry: the matrix is
    /// singular (or too close to it to trust) at that relative precision.
    static func factor(_ matrix: [Double], size n: Int, tolerance: Double = 1e-12) -> [Double]? {
        let largest = (0..<n).map { matrix[$0 * n + $0] }.max() ?? 0
        guard largest > 0 else { return nil }
        var lower = [Double](repeating: 0, count: n * n)
        for row in 0..<n {
            for column in 0...row {
                var sum = matrix[row * n + column]
                for k in 0..<column { sum -= lower[row * n + k] * lower[column * n + k] }
                if row == column {
                    guard sum > tolerance * largest else { return nil }
                    lower[row * n + row] = sum.squareRoot()
                } else {
                    lower[row * n + column] = sum / lower[column * n + column]
                }
            }
        }
        return lower
    }

    /// Solves `L Lᵀ x = b` given the lower factor `L`.
    static func solve(lower: [Double], size n: Int, _ b: [Double]) -> [Double] {
        var y = b
        for row in 0..<n {
            var sum = y[row]
            for k in 0..<row { sum -= lower[row * n + k] * y[k] }
            y[row] = sum / lower[row * n + row]
        }
        for row in stride(from: n - 1, through: 0, by: -1) {
            var sum = y[row]
            for k in (row + 1)..<max(n, row + 1) { sum -= lower[k * n + row] * y[k] }
            y[row] = sum / lower[row * n + row]
        }
        return y
    }
}
