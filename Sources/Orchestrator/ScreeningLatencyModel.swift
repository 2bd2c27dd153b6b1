import Foundation
import LatencyModel
import SearchSpace

/// A device's latency model inside a search (issue #4): the profiled operator table with the
/// correction a · Σ table + b, re-fitted online from every real measurement of the search. A
/// candidate whose prediction is clearly on one side of the limit is decided on the model; only
/// candidates near the limit are measured, and the answer is confirmed by a measurement at the end.
///
/// "Near" is the model's own prediction interval (issue #11): `confidence` standard deviations of
/// the log of measured / predicted, as the model predicted each measured network *before* learning
/// it (one step ahead, so the spread is what the model really misses, measurement noise included,
/// not how well it fits what it has seen). A fixed `band` (±10 % …) is used instead when the target
/// sets one.
public final class ScreeningLatencyModel: ScreeningModel {
    public let device: String
    public let limit: Double
    /// Relative half-width of a fixed band around the limit where candidates are measured; nil
    /// measures where the prediction interval holds the limit.
    public let band: Double?
    /// Standard deviations of the prediction interval (2: about 95 %).
    public let confidence: Double
    private var model: OperatorTableModel
    private var measured: [LatencySample] = []
    /// The table sum of each measured network, in order.
    private var sums: [Double] = []
    /// log(measured / predicted) of each measured network, predicted before it was learned (from
    /// the second measurement on: one measurement is the scale's first fit).
    private var oneStepErrors: [Double] = []
    /// Candidates decided on the model without a measurement.
    public private(set) var screened = 0
    /// The first candidates are measured whatever their prediction, to fit the correction before
    /// anything is decided on the model (operators timed alone do not add up exactly).
    public let calibration: Int
    private var calibrationRequested = 0

    /// The smallest spread assumed (log units): a few lucky predictions must not look certain.
    static let noiseFloor = 0.02
    /// One-step errors needed before the interval decides anything (the calibration set gives 9).
    static let minimumErrors = 5

    /// - Parameter signatures: an architecture's operator signatures (default: from the space's
    ///   network graph; tests give their own).
    public init(
        device: String, limit: Double, band: Double? = nil, confidence: Double = 2, table: [String: Double],
        space: any NetworkSpace, calibration: Int = 10, signatures: (@Sendable (Architecture) -> [String])? = nil
    ) {
        self.device = device
        self.limit = limit
        self.band = band
        self.confidence = confidence
        self.calibration = calibration
        let fromGraph: @Sendable (Architecture) -> [String] = { [space] architecture in
            (try? space.operatorSignatures(of: architecture)) ?? []
        }
        model = OperatorTableModel(table: table, signatures: signatures ?? fromGraph)
    }

    /// The corrected prediction in ms (the plain table sum until a measurement exists); never ≤ 0
    /// (see ``CorrectedOperatorTable``).
    public func predict(_ architecture: Architecture) -> Double {
        current.predict(architecture)
    }

    /// Median of measured / table sum over the measurements so far (nil before the first).
    private var medianScale: Double? {
        let ratios = zip(measured, sums).map { $0.latencyMs / $1 }.sorted()
        guard !ratios.isEmpty else { return nil }
        let middle = ratios.count / 2
        return ratios.count % 2 == 1 ? ratios[middle] : (ratios[middle - 1] + ratios[middle]) / 2
    }

    /// True while the first `calibration` candidates are measured whatever their prediction.
    public var isCalibrating: Bool { calibrationRequested < calibration }

    /// The spread of log(measured / predicted) one step ahead as a standard deviation, floored at
    /// ``noiseFloor``; nil until ``minimumErrors`` are known.
    ///
    /// Estimated robustly, 1.4826 × the median absolute error (σ for normal errors, a bias
    /// included): a board or VM that now and then measures a network 1.8× slow (seen on this
    /// project's KVM machines, two in 40 measurements) would otherwise double σ for the rest of the
    /// search and send every candidate near the limit to the device.
    public var logSD: Double? {
        guard oneStepErrors.count >= Self.minimumErrors else { return nil }
        let sorted = oneStepErrors.map(abs).sorted()
        let middle = sorted.count / 2
        let median = sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
        return max(Self.noiseFloor, 1.4826 * median)
    }

    /// True when the candidate must be measured: one of the first `calibration`, or its prediction
    /// interval (or the fixed band) holds the limit, or the model cannot tell yet.
    public func needsMeasurement(_ architecture: Architecture, prediction: Double) -> Bool {
        if calibrationRequested < calibration {
            calibrationRequested += 1
            return true
        }
        guard prediction.isFinite, prediction > 0 else { return true }
        if let band { return abs(prediction - limit) <= band * limit }
        guard let logSD else { return true }
        return abs(Foundation.log(prediction / limit)) <= confidence * logSD
    }

    public func noteScreened() { screened += 1 }

    /// Adds a real measurement and re-fits the correction on all of them.
    ///
    /// a and b are fitted by least squares when the measured networks' table sums are spread
    /// enough to tell a scale from an offset. Dynamic channel scaling makes them nearly equal (every
    /// candidate is widened to the same predicted latency), and a busy machine moves every figure
    /// together; then the scale alone is fitted (a = the median of measured / table sum, b = 0),
    /// which one measurement already determines and a load spike does not move. A least-squares
    /// scale ≤ 0 (noise) is never used.
    public func learn(_ architecture: Architecture, measuredMs: Double) {
        guard measuredMs.isFinite, measuredMs > 0 else { return }
        let sum = model.tableSum(architecture)
        guard sum.isFinite, sum > 0 else { return }
        if !measured.isEmpty {
            let predicted = current.predict(architecture)
            if predicted.isFinite, predicted > 0 { oneStepErrors.append(Foundation.log(measuredMs / predicted)) }
        }
        measured.append(LatencySample(architecture: architecture, latencyMs: measuredMs))
        sums.append(sum)
        let mean = sums.reduce(0, +) / Double(sums.count)
        let spread = sums.count > 1
            ? (sums.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(sums.count - 1)).squareRoot() / mean : 0
        if spread >= Self.minimumSpread {
            var refitted = model
            if (try? refitted.fit(measured)) != nil, refitted.a > 0, refitted.a.isFinite, refitted.b.isFinite {
                model = refitted
                return
            }
        }
        // The median ratio: one measurement taken during a load spike must not move every prediction.
        guard let scale = medianScale, scale > 0, scale.isFinite else { return }
        model = OperatorTableModel(
            calibration: OperatorTableCalibration(table: model.table, a: scale, b: 0), signatures: model.signatures)
    }

    /// The relative spread (standard deviation / mean) of the measured networks' table sums below
    /// which only the scale is fitted.
    static let minimumSpread = 0.1

    /// A copy of the model as it stands (the table with the current correction, exactly as
    /// ``predict(_:)``), for a ``LatencyModelSnapshot``.
    public var current: CorrectedOperatorTable { CorrectedOperatorTable(model: model, fallbackScale: medianScale) }

    /// The current correction (a, b).
    public var correction: (a: Double, b: Double) { (model.a, model.b) }
    public var measurements: Int { measured.count }

    public func learnEarlierMeasurement(_ architecture: Architecture, measuredMs: Double) {
        calibrationRequested += 1
        learn(architecture, measuredMs: measuredMs)
    }

    public var use: SearchResult.ModelUse {
        SearchResult.ModelUse(
            kind: "table", screened: screened, measured: measurements, a: correction.a, b: correction.b, band: band,
            confidence: band == nil ? confidence : nil, logSD: band == nil ? logSD : nil)
    }
}
