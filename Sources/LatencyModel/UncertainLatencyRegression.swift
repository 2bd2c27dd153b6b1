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
        /// The predicted median latency (ms): exp of the predicted log latency.
        public var medianMs: Double
        /// The predictive standard deviation of the log latency.
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
    private var rows: [[Double]] = []
    private var logLatencies: [Double] = []
    private var ridge: BayesianRidge

    /// An unfitted model for `choiceCounts`; precision 0.3 on each choice weight, noise floor 0.02.
    public init(choiceCounts: [Int], priorPrecision: Double = 0.3, noiseFloor: Double = 0.02) {
        self.choiceCounts = choiceCounts
        self.priorPrecision = priorPrecision
        self.noiseFloor = noiseFloor
        // The bias gets a vanishing prior, so a slower device shifts it freely.
        ridge = BayesianRidge(
            precision: [1e-6] + [Double](repeating: priorPrecision, count: choiceCounts.reduce(0, +)), noiseFloor: noiseFloor)
    }

    /// Networks learned from.
    public var samples: Int { logLatencies.count }

    /// The one-hot row of `architecture` (the bias first); nil when it does not fit the space.
    private func row(_ architecture: Architecture) -> [Double]? {
        guard architecture.genes.count == choiceCounts.count else { return nil }
        var row = [Double](repeating: 0, count: 1 + choiceCounts.reduce(0, +))
        row[0] = 1
        var offset = 1
        for (gene, count) in zip(architecture.genes, choiceCounts) {
            guard gene >= 0, gene < count else { return nil }
            row[offset + gene] = 1
            offset += count
        }
        return row
    }

    /// Adds one measured network and re-fits (a few dozen columns: microseconds).
    public mutating func learn(_ architecture: Architecture, latencyMs: Double) {
        guard latencyMs.isFinite, latencyMs > 0, let row = row(architecture) else { return }
        rows.append(row)
        logLatencies.append(Foundation.log(latencyMs))
        ridge.fit(rows: rows, targets: logLatencies)
    }

    /// The prediction for `architecture`; nil before the first measurement or when it does not fit the space.
    public func predict(_ architecture: Architecture) -> Prediction? {
        guard ridge.isFitted, let row = row(architecture) else { return nil }
        return Prediction(medianMs: Foundation.exp(ridge.mean(row)), logSD: ridge.standardDeviation(row))
    }
}
