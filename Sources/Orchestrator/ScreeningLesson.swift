import SearchSpace

/// A stored latency a screening model learns once the decisions of the batch that met it are
/// made, as the first run learned it when its answer came in.
struct ScreeningLesson {
    let model: any ScreeningModel
    let architecture: Architecture
    let measuredMs: Double

    func teach() {
        model.learn(architecture, measuredMs: measuredMs)
    }
}
