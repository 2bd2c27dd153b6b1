import Foundation
import SearchSpace

/// A device's latency learned from its own measurements, with an uncertainty per prediction:
/// Bayesian ridge regression of log latency on one column per (position, choice), the
/// per-position model of HSCoNAS's hardware model where no operator table exists.
///
/// Log latency makes the noise multiplicative (a loaded board is slower by a factor, not by an
/// offset) and keeps every prediction positive. With prior precision `priorPrecision` on the
/// choice weights (none on the bias) and the noise variance σ² estimated from the residuals,
/// the predictive variance of a network x is σ² (1 + xᵀ A⁻¹ x), A = XᵀX + αI: it is large for
/// choices seen rarely and shrinks as the device's own measurements accumulate.
public struct UncertainLatencyRegression: Sendable {
    /// A prediction: the median latency in ms and the standard deviation of its logarithm.
    public struct Prediction: Sendable, Hashable {
        public var medianMs: Double
        public var logSD: Double

        /// The interval of `z` standard deviations, in ms.
        public func interval(z: Double) -> ClosedRange<Double> {
            let low = medianMs * Foundation.exp(-z * logSD)
            let high = medianMs * Foundation.exp(z * logSD)
            return low...max(low, high)
        }
    }

    /// Choices per position (the full space's).
    public let choiceCounts: [Int]
    /// Ridge precision α on every choice weight.
    public let priorPrecision: Double
    /// The smallest noise standard deviation assumed (in log units): repeated measurements of one
    /// network never agree better than this, and a perfect fit on few points must not look certain.
    public let noiseFloor: Double
    private var rows: [[Int]] = []
    private var logLatencies: [Double] = []
    private var fit: (weights: [Double], lower: [Double], noiseVariance: Double)?

    public init(choiceCounts: [Int], priorPrecision: Double = 0.3, noiseFloor: Double = 0.02) {
        self.choiceCounts = choiceCounts
        self.priorPrecision = priorPrecision
        self.noiseFloor = noiseFloor
    }

    /// Networks learned from.
    public var samples: Int { logLatencies.count }

    private var width: Int { 1 + choiceCounts.reduce(0, +) }

    /// The columns that are 1 for `architecture` (the bias first); nil when it does not fit the space.
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

    /// Adds one measured network and re-fits (a few hundred columns at most: microseconds).
    public mutating func learn(_ architecture: Architecture, latencyMs: Double) {
        guard latencyMs.isFinite, latencyMs > 0, let columns = active(architecture) else { return }
        rows.append(columns)
        logLatencies.append(Foundation.log(latencyMs))
        refit()
    }

    private mutating func refit() {
        let n = width
        var gram = [Double](repeating: 0, count: n * n)
        var moment = [Double](repeating: 0, count: n)
        for (columns, target) in zip(rows, logLatencies) {
            for row in columns {
                moment[row] += target
                for column in columns { gram[row * n + column] += 1 }
            }
        }
        // The bias gets a vanishing prior, so a slower device shifts it freely.
        gram[0] += 1e-6
        for index in 1..<n { gram[index * n + index] += priorPrecision }
        guard let lower = Cholesky.factor(gram, size: n) else {
            fit = nil
            return
        }
        let weights = Cholesky.solve(lower: lower, size: n, moment)
        var squared = 0.0
        for (columns, target) in zip(rows, logLatencies) {
            let residual = target - columns.reduce(0) { $0 + weights[$1] }
            squared += residual * residual
        }
        // One degree of freedom for the bias; the ridge keeps the rest from fitting noise exactly.
        let variance = squared / Double(max(1, rows.count - 1))
        fit = (weights, lower, max(variance, noiseFloor * noiseFloor))
    }

    /// The prediction for `architecture`; nil before the first measurement or when it does not fit the space.
    public func predict(_ architecture: Architecture) -> Prediction? {
        guard let fit, let columns = active(architecture) else { return nil }
        let n = width
        var x = [Double](repeating: 0, count: n)
        for column in columns { x[column] = 1 }
        let solved = Cholesky.solve(lower: fit.lower, size: n, x)
        let leverage = columns.reduce(0) { $0 + solved[$1] }
        let mean = columns.reduce(0) { $0 + fit.weights[$1] }
        return Prediction(medianMs: Foundation.exp(mean), logSD: (fit.noiseVariance * (1 + leverage)).squareRoot())
    }
}
