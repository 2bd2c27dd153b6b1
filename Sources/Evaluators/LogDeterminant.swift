import Foundation

/// Log-determinants of symmetric positive-definite matrices by Cholesky factorisation in Double.
public enum LogDeterminant {
    /// `log det(A + ridge·I)` for a symmetric `size × size` matrix `A` (row-major), or nil when the
    /// matrix is not positive definite (a pivot that is not positive).
    public static func ofSymmetricPositiveDefinite(_ matrix: [Double], size: Int, ridge: Double = 0) -> Double? {
        precondition(matrix.count == size * size, "a \(size)×\(size) matrix needs \(size * size) values, got \(matrix.count)")
        var a = matrix
        for i in 0..<size { a[i * size + i] += ridge }
        var logDeterminant = 0.0
        for j in 0..<size {
            var pivot = a[j * size + j]
            for k in 0..<j { pivot -= a[j * size + k] * a[j * size + k] }
            guard pivot > 0, pivot.isFinite else { return nil }
            let diagonal = pivot.squareRoot()
            a[j * size + j] = diagonal
            logDeterminant += 2 * log(diagonal)
            for i in (j + 1)..<max(size, j + 1) {
                var value = a[i * size + j]
                for k in 0..<j { value -= a[i * size + k] * a[j * size + k] }
                a[i * size + j] = value / diagonal
            }
        }
        return logDeterminant
    }
}
