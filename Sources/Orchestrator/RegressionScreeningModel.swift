import LatencyModel
import SearchSpace

/// The screening model of a measured device without an operator table: a per-position regression
/// of log latency learned from the device's own measurements during the search, with an
/// uncertainty per prediction (``UncertainLatencyRegression``).
///
/// After `calibration` measured candidates, a candidate is measured only when its prediction
/// interval of `confidence` standard deviations contains the limit; otherwise it is clearly on
/// one side and decided on the model. The interval is wide while the device's data is thin or
/// noisy, so the rule asks for measurements exactly as long as the model cannot decide.
public final class RegressionScreeningModel: ScreeningModel {
    public let device: String
    public let limit: Double
    /// Standard deviations of the prediction interval (2: about 95 %).
    public let confidence: Double
    /// Candidates measured whatever their prediction, before anything is decided on the model.
    public let calibration: Int
    private var regression: UncertainLatencyRegression
    private var calibrationRequested = 0
    public private(set) var screened = 0

    public init(device: String, limit: Double, space: any SearchSpace, confidence: Double = 2, calibration: Int = 10) {
        self.device = device
        self.limit = limit
        self.confidence = confidence
        self.calibration = calibration
        regression = UncertainLatencyRegression(choiceCounts: space.positions.map(\.choices.count))
    }

    public var measurements: Int { regression.samples }

    public func predict(_ architecture: Architecture) -> Double {
        regression.predict(architecture)?.medianMs ?? .nan
    }

    /// The prediction with its uncertainty; nil before the first measurement.
    public func prediction(_ architecture: Architecture) -> UncertainLatencyRegression.Prediction? {
        regression.predict(architecture)
    }

    public func needsMeasurement(_ architecture: Architecture, prediction: Double) -> Bool {
        if calibrationRequested < calibration {
            calibrationRequested += 1
            return true
        }
        guard let interval = regression.predict(architecture)?.interval(z: confidence) else { return true }
        return interval.contains(limit)
    }

    public func noteScreened() { screened += 1 }

    public func learn(_ architecture: Architecture, measuredMs: Double) {
        regression.learn(architecture, latencyMs: measuredMs)
    }

    public func learnEarlierMeasurement(_ architecture: Architecture, measuredMs: Double) {
        calibrationRequested += 1
        learn(architecture, measuredMs: measuredMs)
    }

    public var use: SearchResult.ModelUse {
        SearchResult.ModelUse(kind: "regression", screened: screened, measured: measurements, confidence: confidence)
    }
}
