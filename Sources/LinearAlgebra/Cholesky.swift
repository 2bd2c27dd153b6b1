import Foundation

/// Symmetric positive definite matrices by Cholesky factorisation `A = L Lᵀ`: solving `A x = b`
/// (the latency models' least squares) and `log det A` (the NASWOT proxy's score).
/// Written out by hand: the systems here are at most ~200×200 (one unknown per one-hot column),
/// a few million flops, and the factorisation doubles as the singularity test.
public enum Cholesky {
    /// The lower factor of `matrix` (row-major `n × n`, only its lower triangle is read), or nil
    /// when a pivot is not above `tolerance` times the largest diagonal entry: the matrix is
    /// singular (or too close to it to trust) at that relative precision.
    public static func factor(_ matrix: [Double], size n: Int, tolerance: Double = 1e-12) -> [Double]? {
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
    public static func solve(lower: [Double], size n: Int, _ b: [Double]) -> [Double] {
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

    /// `log det(A + ridge·I)` for a symmetric `size × size` matrix `A` (row-major), or nil when the
    /// matrix is not positive definite (a pivot that is not positive).
    public static func logDeterminant(ofSymmetricPositiveDefinite matrix: [Double], size: Int, ridge: Double = 0) -> Double? {
        precondition(matrix.count == size * size, "a \(size)×\(size) matrix needs \(size * size) values, got \(matrix.count)")
        var shifted = matrix
        for i in 0..<size { shifted[i * size + i] += ridge }
        guard let lower = factor(shifted, size: size, tolerance: 0) else { return nil }
        var logDeterminant = 0.0
        for i in 0..<size {
            let diagonal = lower[i * size + i]
            guard diagonal.isFinite else { return nil }
            logDeterminant += 2 * log(diagonal)
        }
        return logDeterminant
    }
}
