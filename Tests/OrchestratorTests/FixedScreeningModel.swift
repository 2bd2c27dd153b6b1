import Orchestrator
import SearchSpace

/// A device model that predicts the same latency for every candidate and never asks for a
/// measurement: every candidate is screened.
final class FixedScreeningModel: ScreeningModel {
    let device: String
    let limit: Double
    private let predictionMs: Double
    private(set) var screened = 0
    private(set) var measurements = 0

    init(device: String, limit: Double, predictionMs: Double) {
        self.device = device
        self.limit = limit
        self.predictionMs = predictionMs
    }

    func predict(_ architecture: Architecture) -> Double { predictionMs }
    func needsMeasurement(_ architecture: Architecture, prediction: Double) -> Bool { false }
    func noteScreened() { screened += 1 }
    func learn(_ architecture: Architecture, measuredMs: Double) { measurements += 1 }
    func learnEarlierMeasurement(_ architecture: Architecture, measuredMs: Double) { measurements += 1 }
    var use: SearchResult.ModelUse { SearchResult.ModelUse(kind: "fixed", screened: screened, measured: measurements) }
}
