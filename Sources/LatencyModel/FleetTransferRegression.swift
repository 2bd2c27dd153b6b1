import Foundation
import SearchSpace

/// A new device's latency learned from the devices the fleet already knows (the idea of HELP,
/// NeurIPS 2021: latencies of the same networks on known devices describe a new one): log latency
/// on the new device ≈ b + Σ wₖ · log latency on reference device k, over the `references`
/// reference devices whose log latencies correlate best with the new device's measurements so
/// far, by Bayesian ridge regression with an uncertainty per prediction.
///
/// Chosen by measurement, leave-one-device-out on the bundled NAS-Bench-201 table from 10 samples:
/// the three best-correlated references give a median Spearman ρ of 0.975 (`hsconas bench transfer`),
/// a ridge over all 26 other devices gave 0.951 in the prototype, and the per-position regression
/// from the same 10 samples 0.601. With fewer than `references + 1` measurements the single feature is
/// the mean log latency over every reference device.
public struct FleetTransferRegression: Sendable {
    /// The known devices' latencies (ms) of a network, one per reference device in a fixed order;
    /// nil when the network is not in the reference table.
    public let referenceLatencies: @Sendable (Architecture) -> [Double]?
    /// Reference devices the fit uses.
    public let references: Int
    /// Ridge precision on each feature weight (the bias gets a vanishing one).
    public let priorPrecision: Double
    /// The smallest noise standard deviation assumed, in log units.
    public let noiseFloor: Double
    private var rows: [[Double]] = []
    private var logLatencies: [Double] = []
    /// The chosen reference columns (empty: the mean of all of them).
    public private(set) var chosen: [Int] = []
    private var ridge: BayesianRidge?

    /// An unfitted model over `references` best-correlated reference devices (3 by default).
    public init(
        referenceLatencies: @escaping @Sendable (Architecture) -> [Double]?, references: Int = 3,
        priorPrecision: Double = 0.01, noiseFloor: Double = 0.02
    ) {
        self.referenceLatencies = referenceLatencies
        self.references = references
        self.priorPrecision = priorPrecision
        self.noiseFloor = noiseFloor
    }

    /// Networks learned from.
    public var samples: Int { logLatencies.count }

    private func logReferences(_ architecture: Architecture) -> [Double]? {
        guard let values = referenceLatencies(architecture), !values.isEmpty, values.allSatisfy({ $0 > 0 && $0.isFinite })
        else { return nil }
        return values.map { Foundation.log($0) }
    }

    private func features(_ logs: [Double]) -> [Double] {
        chosen.isEmpty ? [1, logs.reduce(0, +) / Double(logs.count)] : [1] + chosen.map { logs[$0] }
    }

    /// Adds one measured network, re-chooses the references and re-fits.
    public mutating func learn(_ architecture: Architecture, latencyMs: Double) {
        guard latencyMs.isFinite, latencyMs > 0, let logs = logReferences(architecture) else { return }
        rows.append(logs)
        logLatencies.append(Foundation.log(latencyMs))
        chosen = rows.count > references ? Self.bestCorrelated(rows, logLatencies, count: references) : []
        var fit = BayesianRidge(
            precision: [1e-6] + [Double](repeating: priorPrecision, count: chosen.isEmpty ? 1 : chosen.count),
            noiseFloor: noiseFloor)
        ridge = fit.fit(rows: rows.map(features), targets: logLatencies) ? fit : nil
    }

    /// The prediction for `architecture`; nil before the first measurement or for a network the
    /// reference table lacks.
    public func predict(_ architecture: Architecture) -> UncertainLatencyRegression.Prediction? {
        guard let ridge, let logs = logReferences(architecture) else { return nil }
        let row = features(logs)
        return UncertainLatencyRegression.Prediction(
            medianMs: Foundation.exp(ridge.mean(row)), logSD: ridge.standardDeviation(row))
    }

    /// The `count` columns with the largest |Pearson correlation| with `targets` (ties: lower index).
    static func bestCorrelated(_ rows: [[Double]], _ targets: [Double], count: Int) -> [Int] {
        let width = rows.first?.count ?? 0
        let meanTarget = targets.reduce(0, +) / Double(targets.count)
        let targetSpread = targets.reduce(0) { $0 + ($1 - meanTarget) * ($1 - meanTarget) }
        var scores: [(column: Int, score: Double)] = []
        for column in 0..<width {
            let values = rows.map { $0[column] }
            let mean = values.reduce(0, +) / Double(values.count)
            var covariance = 0.0, spread = 0.0
            for (value, target) in zip(values, targets) {
                covariance += (value - mean) * (target - meanTarget)
                spread += (value - mean) * (value - mean)
            }
            let correlation = spread > 0 && targetSpread > 0 ? abs(covariance) / (spread * targetSpread).squareRoot() : 0
            scores.append((column, correlation))
        }
        return scores.sorted { $0.score != $1.score ? $0.score > $1.score : $0.column < $1.column }
            .prefix(count).map(\.column).sorted()
    }
}
