import SearchSpace

/// A device's latency model inside a search: it predicts every candidate, says which ones need a
/// real measurement (the decision depends on it), and learns from every measurement made.
/// Candidates it decides are stored as `predicted`, never as measured.
public protocol ScreeningModel: AnyObject {
    var device: String { get }
    /// The device's latency limit in ms.
    var limit: Double { get }
    /// Candidates decided on the model without a measurement.
    var screened: Int { get }
    /// Real measurements learned from.
    var measurements: Int { get }
    /// The prediction in ms (not finite when the model cannot predict yet).
    func predict(_ architecture: Architecture) -> Double
    /// True while the model still takes its calibration set (every candidate is measured);
    /// `decide: lazy` waits only past it.
    var isCalibrating: Bool { get }
    /// How many candidates the calibration set measures whatever their prediction.
    var calibration: Int { get }
    /// True when the candidate must be measured: calibration, or a prediction too close to the limit.
    func needsMeasurement(_ architecture: Architecture, prediction: Double) -> Bool
    /// The top of the prediction's interval in ms, past calibration: a reading above it is one the
    /// model did not expect, and a search reads such a network again when the reading is also over
    /// the limit. Nil when the model has no interval (calibrating, too few measurements, a fixed band).
    func intervalTop(_ architecture: Architecture, prediction: Double) -> Double?
    /// Counts a candidate decided (or, `decide: lazy`, told for now) on its prediction.
    func noteScreened()
    /// Takes a ``noteScreened()`` back: that candidate's latency is measured after all (a lazily
    /// decided candidate that ranks among the best, or the answer's confirmation).
    func noteMeasuredAfterAll()
    func learn(_ architecture: Architecture, measuredMs: Double)
    /// Learns a measurement made before the search (stored); it counts toward the calibration.
    func learnEarlierMeasurement(_ architecture: Architecture, measuredMs: Double)
    /// How the model was used, for `result.json`.
    var use: SearchResult.ModelUse { get }
}
