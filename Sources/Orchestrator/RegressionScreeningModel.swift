import LatencyModel
import SearchSpace

/// The screening model of a measured device without an operator table, learned from the device's
/// own measurements during the search, with an uncertainty per prediction: on a space with a
/// benchmark table of other devices (nb201) the device learns from the fleet
/// (``FleetTransferRegression``: its log latency on the best-correlated known devices'), else a
/// per-position regression of log latency (``UncertainLatencyRegression``).
///
/// After `calibration` measured candidates, a candidate is measured only when its prediction
/// interval of `confidence` standard deviations contains the limit; otherwise it is clearly on
/// one side and decided on the model. The interval is wide while the device's data is thin or
/// noisy, so the rule asks for measurements exactly as long as the model cannot decide.
public final class RegressionScreeningModel: ScreeningModel {
    /// The device whose candidates the model screens.
    public let device: String
    /// The device's latency limit in ms.
    public let limit: Double
    /// Standard deviations of the prediction interval (2: about 95 %).
    public let confidence: Double
    /// Candidates measured whatever their prediction, before anything is decided on the model.
    public let calibration: Int
    private var regression: any UncertainLatencyModel
    /// Names of the reference devices, in the order ``FleetTransferRegression`` sees them; empty
    /// for the per-position regression.
    private let referenceDevices: [String]
    private var calibrationRequested = 0
    /// Candidates decided on the model without a measurement.
    public private(set) var screened = 0
    /// The last prediction made, so deciding right after predicting (what the driver does) does not
    /// fit the same candidate twice; cleared whenever the model learns.
    private var lastPrediction: (architecture: Architecture, prediction: UncertainLatencyRegression.Prediction?)?

    /// - Parameter references: the reference devices' names and their latencies (ms) of a network
    ///   in that order (nil when the table lacks it); nil learns per position.
    public init(
        device: String, limit: Double, space: any SearchSpace, confidence: Double = 2, calibration: Int = 10,
        references: (devices: [String], latencies: @Sendable (Architecture) -> [Double]?)? = nil
    ) {
        self.device = device
        self.limit = limit
        self.confidence = confidence
        self.calibration = calibration
        if let references {
            regression = FleetTransferRegression(referenceLatencies: references.latencies)
            referenceDevices = references.devices
        } else {
            regression = UncertainLatencyRegression(choiceCounts: space.positions.map(\.choices.count))
            referenceDevices = []
        }
    }

    /// The reference devices the fit uses now (transfer only).
    public var chosenReferences: [String] {
        guard let transfer = regression as? FleetTransferRegression else { return [] }
        return transfer.chosen.compactMap { referenceDevices.indices.contains($0) ? referenceDevices[$0] : nil }
    }

    /// Real measurements the regression learned from.
    public var measurements: Int { regression.samples }

    /// True while the model still takes its calibration set: every candidate is measured.
    public var isCalibrating: Bool { calibrationRequested < calibration }

    /// The regression's median prediction in ms; NaN when it cannot predict the network yet.
    public func predict(_ architecture: Architecture) -> Double {
        prediction(architecture)?.medianMs ?? .nan
    }

    /// The prediction with its uncertainty; nil before the first measurement.
    public func prediction(_ architecture: Architecture) -> UncertainLatencyRegression.Prediction? {
        if let lastPrediction, lastPrediction.architecture == architecture { return lastPrediction.prediction }
        let prediction = regression.predict(architecture)
        lastPrediction = (architecture, prediction)
        return prediction
    }

    /// True during calibration, when the regression cannot predict the network, or when its interval
    /// of `confidence` standard deviations contains the limit.
    public func needsMeasurement(_ architecture: Architecture, prediction: Double) -> Bool {
        if calibrationRequested < calibration {
            calibrationRequested += 1
            return true
        }
        guard let interval = self.prediction(architecture)?.interval(z: confidence) else { return true }
        return interval.contains(limit)
    }

    /// The top of the regression's interval of `confidence` standard deviations (its own median
    /// prediction, whatever `prediction` says); nil while calibrating or when it cannot predict.
    public func intervalTop(_ architecture: Architecture, prediction: Double) -> Double? {
        guard !isCalibrating else { return nil }
        return self.prediction(architecture)?.interval(z: confidence).upperBound
    }

    /// Counts a candidate told its prediction instead of a measurement (decided, or waiting lazily).
    public func noteScreened() { screened += 1 }
    /// Uncounts a candidate counted by ``noteScreened()`` whose latency is measured after all.
    public func noteMeasuredAfterAll() { screened = Swift.max(0, screened - 1) }

    /// Adds a real measurement to the regression and re-fits it.
    public func learn(_ architecture: Architecture, measuredMs: Double) {
        lastPrediction = nil
        regression.learn(architecture, latencyMs: measuredMs)
    }

    /// Learns a measurement stored before the search (a relative limit's sample); it counts toward
    /// the calibration.
    public func learnEarlierMeasurement(_ architecture: Architecture, measuredMs: Double) {
        calibrationRequested += 1
        learn(architecture, measuredMs: measuredMs)
    }

    /// Answers `regression` (per position) or `transfer` with the references chosen, and `confidence`.
    public var use: SearchResult.ModelUse {
        SearchResult.ModelUse(
            kind: referenceDevices.isEmpty ? "regression" : "transfer", screened: screened, measured: measurements,
            confidence: confidence, references: referenceDevices.isEmpty ? nil : chosenReferences)
    }
}
