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
    /// Devices whose targets decide lazily (`decide: lazy`): an undecided candidate predicted under
    /// the limit is told on its prediction and measured only once its accuracy makes it count.
    var lazyDevices: Set<String> = []
    /// Lazy devices whose undecided candidates predicted *over* the limit wait for their accuracy
    /// too (`decide: lazy-all`).
    var lazyBothSidesDevices: Set<String> = []
    /// The best confirmed-feasible accuracies a lazily decided candidate must rank among to be
    /// measured; kept over the whole search, updated as batches are told.
    var confirmedRanking = ConfirmedAccuracyRanking(top: 3)

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

    /// How the device's model decides a candidate predicted `prediction` ms; counts the request
    /// toward the model's calibration as ``ScreeningModel/needsMeasurement(_:prediction:)`` does.
    func decide(_ architecture: Architecture, on device: String, prediction: Double) -> ScreeningDecision {
        guard let model = models[device] else { return .measure }
        // Read before asking: the request that ends the calibration is still measured.
        let calibrating = model.isCalibrating
        guard model.needsMeasurement(architecture, prediction: prediction) else { return .decided }
        let waits = lazyDevices.contains(device) && !calibrating && prediction.isFinite
            && (prediction <= model.limit || lazyBothSidesDevices.contains(device))
        return waits ? .waitsForAccuracy : .measure
    }

    /// A figure of an earlier process of this run, met again: the device's model counts the
    /// request as the first run did, the first time only. The figure is used, with the lesson to
    /// teach once the batch's decisions are made (nil: nothing to teach) — unless the first run
    /// decided the candidate lazily here, and measured it only later.
    func countStored(_ architecture: Architecture, key: MetricKey, value: Double?) -> StoredLatencyUse {
        guard let model = models[key.device], !taught.contains(key) else { return .figure(nil) }
        let prediction = model.predict(architecture)
        if decide(architecture, on: key.device, prediction: prediction) == .waitsForAccuracy {
            // Learned when the confirmation asks for it, as the first run learned it then.
            return .waitsForAccuracy(prediction: prediction)
        }
        taught.insert(key)
        return .figure(value.map { ScreeningLesson(model: model, architecture: architecture, measuredMs: $0) })
    }

    /// A lazily decided candidate's confirmation answered from the store (an earlier process
    /// measured it): the lesson the first run learned when the measurement came in.
    func confirmStored(_ architecture: Architecture, key: MetricKey, value: Double?) -> ScreeningLesson? {
        guard let model = models[key.device], let value, taught.insert(key).inserted else { return nil }
        return ScreeningLesson(model: model, architecture: architecture, measuredMs: value)
    }
}
