import Orchestrator
import Search
import SearchSpace

/// One benchmark search's device side, as a real search meets it: every latency look-up of a
/// target device counts as a measurement that device makes, unless the device's latency model
/// (``RegressionScreeningModel``, learning from the other devices of the table) decides the
/// candidate clearly on one side of the limit; the answer is then confirmed on the table's real
/// latencies, best selection figure first, as ``FleetSearchDriver/confirmBest(targets:limit:)`` does.
final class SearchBenchmarkScreen {
    /// The table's latency (ms) of every cell, by device, by cell code.
    private let truth: [String: [Double]]
    private let limits: [LatencyTarget]
    private let models: [String: RegressionScreeningModel]
    /// Candidates whose interval holds the limit are decided on the prediction too, and measured
    /// only once their accuracy would make them count (see ``confirmation(of:)``).
    private let lazy: Bool
    /// Candidates whose interval holds the limit wait for their accuracy on both sides of the
    /// limit, not only under it (implies `lazy`).
    private let lazyBothSides: Bool
    /// Lazy only: an undecided candidate predicted over the limit is decided infeasible on the
    /// model when its interval of this many standard deviations lies over the limit (nil: the
    /// same interval as the model's own confidence, i.e. it is measured).
    private let overConfidence: Double?
    /// Accuracies of evaluated candidates feasible on every device's real figure: a waiting
    /// candidate is measured when its accuracy would rank among the `confirmTop` best. As in the
    /// fleet driver, ``SearchDriver`` confirms a batch's candidates best accuracy first once the
    /// whole batch is evaluated, so each one ranked counts for those below it.
    private var ranking: ConfirmedAccuracyRanking
    /// Look-ups each device answered (the measurements a real device would have made).
    private(set) var measurements: [String: Int] = [:]
    /// Devices whose latency of a cell was only predicted, by cell code.
    private var predictedOnly: [Int: Set<String>] = [:]
    /// The predictions those were decided on, by cell code and device.
    private var predictions: [Int: [String: Double]] = [:]
    /// Lazy devices whose prediction of a cell awaits its accuracy (the rest were decided on a
    /// clear prediction and, as in the driver, are only measured when confirming the answer).
    private var waiting: [Int: Set<String>] = [:]
    /// Predictions of undecided candidates told to the search as at the limit until their accuracy is known.
    private var provisional: [Int: [String: Double]] = [:]
    /// Every accuracy evaluation: cell code and validation accuracy.
    private var evaluated: [(code: Int, accuracy: Double)] = []
    /// Each measurement reads `factor` × the table's latency with probability `rate` (taken
    /// during a load spike); `rate` 0 reads the table.
    private let spikes: (rate: Double, factor: Double)
    /// As the driver: a reading during the search over the limit and over the top of the interval
    /// the model predicted the cell in is taken again and the faster kept (false: read once).
    private let readsUnexpectedAgain: Bool
    /// Tops of those intervals of cells waiting for their accuracy, by cell code and device.
    private var intervalTops: [Int: [String: Double]] = [:]
    private var spikeGenerator: SeededGenerator
    /// What each device's measurement of a cell read, by cell code (what a store would hold).
    private var measuredValues: [Int: [String: Double]] = [:]
    /// The cell code of the exhaustive optimum under the same limits (nil: none qualifies).
    private let optimumCode: Int?
    /// The search asked for the optimum's latency on some device (all of a target's devices are asked together).
    private(set) var optimumAsked = false
    /// The search evaluated the optimum's accuracy.
    private(set) var optimumEvaluated = false

    /// - Parameters:
    ///   - references: per target device, its leave-one-out view of the table
    ///     (``FleetReferences``); a device without one is looked up every time.
    ///   - spikes: how often a measurement is taken during a load spike, and what the spike
    ///     multiplies it by; drawn from `seed`.
    ///   - optimumCode: the exhaustive optimum's cell code, watched for ``optimumAsked`` and
    ///     ``optimumEvaluated``.
    init(
        limits: [LatencyTarget], truth: [String: [Double]], confidence: Double,
        references: [String: (devices: [String], latencies: @Sendable (Architecture) -> [Double]?)],
        lazy: Bool = false, lazyBothSides: Bool = false, confirmTop: Int = 3, overConfidence: Double? = nil,
        spikes: (rate: Double, factor: Double) = (0, 1), seed: UInt64 = 0, optimumCode: Int? = nil,
        readsUnexpectedAgain: Bool = true
    ) {
        self.readsUnexpectedAgain = readsUnexpectedAgain
        self.optimumCode = optimumCode
        self.spikes = spikes
        spikeGenerator = SeededGenerator(seed: seed)
        self.overConfidence = overConfidence
        self.limits = limits
        self.lazy = lazy || lazyBothSides
        self.lazyBothSides = lazyBothSides
        ranking = ConfirmedAccuracyRanking(top: confirmTop)
        self.truth = truth
        var models: [String: RegressionScreeningModel] = [:]
        for limit in limits {
            guard let view = references[limit.device] else { continue }
            models[limit.device] = RegressionScreeningModel(
                device: limit.device, limit: limit.maxLatencyMs, space: NB201Space(), confidence: confidence, references: view)
        }
        self.models = models
    }

    /// The latency the search is told: the model's prediction when it decides, else the table's
    /// figure (a measurement the device makes, taught to the model).
    func latency(of architecture: Architecture, device: String) -> Double? {
        let code = NB201Space.code(of: architecture)
        if code == optimumCode { optimumAsked = true }
        var top: Double?
        if let model = models[device] {
            let prediction = model.predict(architecture)
            let calibrating = model.isCalibrating
            let decided = !model.needsMeasurement(architecture, prediction: prediction)
            top = model.unexpectedAbove(architecture, prediction: prediction, decided: decided, calibrating: calibrating)
            // Lazy: past calibration, an undecided candidate predicted under the limit waits for its accuracy.
            let waits = lazy && !calibrating && prediction.isFinite && prediction <= model.limit
            // Predicted over with its narrower over-side interval clear of the limit: infeasible.
            var clearlyOver = false
            if lazy, !calibrating, let overConfidence, prediction.isFinite, prediction > model.limit,
                let interval = model.prediction(architecture)?.interval(z: overConfidence)
            {
                clearlyOver = interval.lowerBound > model.limit
            }
            if decided || waits || clearlyOver {
                model.noteScreened()
                notePredicted(code, device: device, prediction: prediction)
                if waits && !decided {
                    waiting[code, default: []].insert(device)
                    intervalTops[code, default: [:]][device] = top
                }
                return prediction
            }
            // Lazy on both sides: one predicted over the limit waits too, told as at the limit so
            // its accuracy is evaluated; ``confirmation(of:)`` then measures it or hands back the prediction.
            if lazyBothSides && !calibrating && prediction.isFinite {
                model.noteScreened()
                notePredicted(code, device: device, prediction: prediction)
                waiting[code, default: []].insert(device)
                provisional[code, default: [:]][device] = prediction
                return min(prediction, model.limit)
            }
        }
        guard let value = measureDuringSearch(code, device: device, intervalTop: top) else { return nil }
        models[device]?.learn(architecture, measuredMs: value)
        return value
    }

    /// A measurement during the search, counted: taken again when it is over the limit and over
    /// `intervalTop`, the faster kept, as the driver's ``FleetBatchEvaluation`` does.
    private func measureDuringSearch(_ code: Int, device: String, intervalTop: Double?) -> Double? {
        guard let first = measure(code, device: device) else { return nil }
        measurements[device, default: 0] += 1
        guard readsUnexpectedAgain, let intervalTop, let model = models[device], model.isUnexpected(first, above: intervalTop)
        else { return first }
        measurements[device, default: 0] += 1
        let kept = measure(code, device: device).map { Swift.min($0, first) } ?? first
        measuredValues[code, default: [:]][device] = kept
        return kept
    }

    /// Notes a cell's latency on a device as only predicted, keeping the first prediction as the
    /// driver stores it.
    private func notePredicted(_ code: Int, device: String, prediction: Double) {
        predictedOnly[code, default: []].insert(device)
        predictions[code, default: [:]][device] = predictions[code]?[device] ?? prediction
    }

    /// A measurement of the cell on the device: the table's latency, or a spiked one (see `spikes`).
    private func measure(_ code: Int, device: String) -> Double? {
        guard var value = truth[device]?[code] else { return nil }
        if spikes.rate > 0, spikeGenerator.unit() < spikes.rate { value *= spikes.factor }
        measuredValues[code, default: [:]][device] = value
        return value
    }

    /// Accuracy evaluations made, feasible or not.
    var evaluations: Int { evaluated.count }

    /// Notes an accuracy evaluation for the confirmation.
    func evaluated(_ architecture: Architecture, accuracy: Double?) {
        guard let accuracy else { return }
        let code = NB201Space.code(of: architecture)
        if code == optimumCode { optimumEvaluated = true }
        evaluated.append((code, accuracy))
    }

    /// The real latencies of an evaluated candidate waiting for its accuracy, looked up (and
    /// counted) when its accuracy would place it among the `confirmTop` best confirmed ones; its
    /// predictions otherwise (lazy mode only).
    func confirmation(of result: CandidateResult) -> [String: Double] {
        guard lazy, let accuracy = result.accuracy else { return [:] }
        let code = NB201Space.code(of: result.architecture)
        let pending = waiting.removeValue(forKey: code) ?? []
        if pending.isEmpty {
            if limits.areMet(by: result.latencyMs) { ranking.note(accuracy) }
            return [:]
        }
        // As the driver: not measured when another target already rules it out (penalty modes).
        guard limits.areMet(by: result.latencyMs), ranking.admits(accuracy) else { return provisional[code] ?? [:] }
        var measured: [String: Double] = [:]
        for device in pending.sorted() {
            guard let value = measureDuringSearch(code, device: device, intervalTop: intervalTops[code]?[device]) else { continue }
            predictedOnly[code]?.remove(device)
            models[device]?.noteMeasuredAfterAll()
            models[device]?.learn(result.architecture, measuredMs: value)
            measured[device] = value
        }
        if limits.areMet(by: result.latencyMs.merging(measured) { _, new in new }) { ranking.note(accuracy) }
        return measured
    }

    /// The best evaluated cell meeting every limit on the table's latencies, looking up (and
    /// counting) each latency that was only predicted, within the first `limit` by accuracy;
    /// nil when none holds.
    func confirmedAccuracy(limit: Int = 100) -> Double? {
        let ranked = evaluated.sorted { $0.accuracy != $1.accuracy ? $0.accuracy > $1.accuracy : $0.code < $1.code }
        for candidate in ranked.prefix(limit) {
            var holds = true
            for target in limits {
                let value: Double?
                if predictedOnly[candidate.code]?.remove(target.device) != nil {
                    var reading = measure(candidate.code, device: target.device)
                    measurements[target.device, default: 0] += 1
                    // As the driver's confirmation: a reading over the limit of a cell predicted
                    // under it is taken again, and the faster one kept.
                    if let first = reading, first > target.maxLatencyMs,
                        let prediction = predictions[candidate.code]?[target.device], prediction <= target.maxLatencyMs
                    {
                        measurements[target.device, default: 0] += 1
                        reading = measure(candidate.code, device: target.device).map { Swift.min($0, first) } ?? first
                        measuredValues[candidate.code, default: [:]][target.device] = reading
                    }
                    value = reading
                } else {
                    value = measuredValues[candidate.code]?[target.device] ?? truth[target.device]?[candidate.code]
                }
                guard let value else {
                    holds = false
                    break
                }
                if value > target.maxLatencyMs {
                    holds = false
                    break
                }
            }
            if holds { return candidate.accuracy }
        }
        return nil
    }
}
