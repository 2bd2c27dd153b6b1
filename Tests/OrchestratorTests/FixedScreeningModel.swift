import Orchestrator
import SearchSpace

/// A device model that predicts the same latency for every candidate and never asks for a
/// measurement (every candidate is screened), or, `undecided`, always does (as a model whose
/// interval holds the limit; past calibration, so `decide: lazy` may still decide it). Its interval
/// tops out at `intervalTopMs` (nil: no interval).
final class FixedScreeningModel: ScreeningModel {
    let device: String
    let limit: Double
    private let predictionMs: Double
    private let undecided: Bool
    private let intervalTopMs: Double?
    private(set) var screened = 0
    private(set) var measurements = 0

    init(device: String, limit: Double, predictionMs: Double, undecided: Bool = false, intervalTopMs: Double? = nil) {
        self.intervalTopMs = intervalTopMs
        self.device = device
        self.limit = limit
        self.predictionMs = predictionMs
        self.undecided = undecided
    }

    func predict(_ architecture: Architecture) -> Double { predictionMs }
    var isCalibrating: Bool { false }
    var calibration: Int { 0 }
    func needsMeasurement(_ architecture: Architecture, prediction: Double) -> Bool { undecided }
    func intervalTop(_ architecture: Architecture, prediction: Double) -> Double? { intervalTopMs }
    func noteScreened() { screened += 1 }
    func noteMeasuredAfterAll() { screened = max(0, screened - 1) }
    func learn(_ architecture: Architecture, measuredMs: Double) { measurements += 1 }
    func learnEarlierMeasurement(_ architecture: Architecture, measuredMs: Double) { measurements += 1 }
    var use: SearchResult.ModelUse { SearchResult.ModelUse(kind: "fixed", screened: screened, measured: measurements) }
}
