import SearchSpace
import Store

/// The devices' latency models that screen candidates before measuring, and which figures each
/// has learned (or counted) in this process.
///
/// A resumed run replays the search from its seed, and every figure answered from the store is
/// counted and learned where the first run counted and learned it, so the models decide as they did
/// (see ``SearchSession/startingStrategy(store:space:replaying:)``).
final class LatencyScreening {
    /// Model by device; devices without one are always measured.
    var models: [String: any ScreeningModel]
    /// Latency figures a model has learned (or counted) in this process.
    private var taught: Set<MetricKey> = []

    init(models: [String: any ScreeningModel]) {
        self.models = models
    }

    /// Installs `models` and teaches them `earlier` figures (the store's, measured before the search).
    func install(models: [String: any ScreeningModel], earlier: [EvaluationRecord], space: any SearchSpace) {
        self.models = models
        taught = []
        guard !models.isEmpty else { return }
        for record in earlier {
            guard let value = record.value, let model = models[record.device],
                let architecture = try? space.parse(record.architecture)
            else { continue }
            model.learnEarlierMeasurement(architecture, measuredMs: value)
            taught.insert(MetricKey(architecture: record.architecture, metric: record.metric, device: record.device))
        }
    }

    /// The devices' hardware models as they stand, for the strategy; nil when no target has one.
    func latencyPredictor() -> LatencyModelSnapshot? {
        let tables = models.compactMapValues { ($0 as? ScreeningLatencyModel)?.current }
        return tables.isEmpty ? nil : LatencyModelSnapshot(models: tables)
    }

    /// Candidates decided on a model's prediction, over all devices.
    var screened: Int {
        models.values.reduce(0) { $0 + $1.screened }
    }

    /// Teaches the device's model a latency just measured.
    func learn(_ architecture: Architecture, key: MetricKey, measuredMs: Double) {
        models[key.device]?.learn(architecture, measuredMs: measuredMs)
        taught.insert(key)
    }

    /// A figure of an earlier process of this run, met again: the device's model counts the
    /// request as the first run did, the first time only. Returns the lesson to teach once the
    /// batch's decisions are made (nil: nothing to teach).
    func countStored(_ architecture: Architecture, key: MetricKey, value: Double?) -> ScreeningLesson? {
        guard let model = models[key.device], taught.insert(key).inserted else { return nil }
        _ = model.needsMeasurement(architecture, prediction: model.predict(architecture))
        return value.map { ScreeningLesson(model: model, architecture: architecture, measuredMs: $0) }
    }
}
