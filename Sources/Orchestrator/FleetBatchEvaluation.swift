import Fleet
import Logging
import Search
import SearchSpace
import Store

/// One asked batch evaluated over the fleet, as ``BatchEvaluationRule`` orders it: each
/// candidate's latency (replayed devices first; measured devices only for candidates that meet
/// every replayed target, unless the strategy wants infeasible ones too), then its accuracy if it
/// meets every target.
///
/// A figure already known (stored by an earlier process, or failed) is answered at once; a
/// device with a screening model decides on the model's prediction when it is clearly on one side
/// of the limit; everything else becomes a job, sent together and awaited. Results come back in
/// ask order whatever order the workers answer in.
///
/// On a lazy device (`decide: lazy`) an undecided candidate predicted under the limit is decided
/// on its prediction too, for now. Once the whole batch's accuracies are known, its candidates are
/// walked best accuracy first (ties in ask order): a confirmed-feasible one joins the ranking of
/// the `confirm_top` best, and a waiting one is measured if its accuracy would rank among them, the
/// measured figure replacing the prediction; the walk goes on when that measurement is in (a
/// device measures one network at a time anyway). So a batch's best candidate that proves
/// feasible spares the device the measurements of the ones below it, and which candidates are
/// measured does not depend on the order the workers answer in.
///
/// A model decides nothing on a partial calibration set: a candidate that reaches a device whose
/// calibration measurements are still being made waits for them, so how many candidates a device
/// measures does not depend on how fast it measures.
struct FleetBatchEvaluation {
    private let rule: BatchEvaluationRule
    /// Devices measured for real, whose measurements ``SearchBounds/maxMeasurements`` bounds.
    private let measuredDevices: Set<String>
    private let jobs: FleetJobChannel
    private let recorder: EvaluationRecorder
    private let screening: LatencyScreening
    private let bounds: SearchBounds
    private let log: Logger

    private var candidates: [CandidateFigures]
    /// The candidates' names, as jobs and the store know them.
    private let names: [String]
    /// Jobs sent and not answered, by job id.
    private var waiting: [String: (candidate: Int, kind: JobKind, device: String)] = [:]
    /// Jobs made and not yet sent.
    private var outbox: [JobSpec] = []
    /// Stored figures met while replaying: learned once the batch's decisions are made, as the
    /// first run learned them when their answers came in.
    private var lessons: [ScreeningLesson] = []
    /// Lazy devices whose latency of a candidate is a prediction awaiting its accuracy, by candidate.
    private var provisional: [Int: Set<String>] = [:]
    /// Predictions over the limit of provisional candidates (`decide: lazy-all`), told as the limit
    /// until the accuracy is known, by candidate and device.
    private var overLimit: [Int: [String: Double]] = [:]
    /// Candidates waiting for a device's calibration measurements to come in, by device.
    private var awaitingCalibration: [String: Set<Int>] = [:]
    /// The confirmation walk's candidates still to visit, best accuracy first.
    private var walk: [Int] = []
    /// The candidate whose confirming measurements the walk is waiting for.
    private var confirming: Int?
    /// Networks read again because their first reading was one the model did not expect.
    private var secondReadings = SecondReadings()
    /// The coordinator stopped answering (not a cancellation): nothing more is sent.
    private var channelClosed = false

    init(
        _ batch: [Architecture], rule: BatchEvaluationRule, space: any SearchSpace, measuredDevices: Set<String>,
        jobs: FleetJobChannel, recorder: EvaluationRecorder, screening: LatencyScreening, bounds: SearchBounds, logger: Logger
    ) {
        self.rule = rule
        self.measuredDevices = measuredDevices
        self.jobs = jobs
        self.recorder = recorder
        self.screening = screening
        self.bounds = bounds
        log = logger
        candidates = batch.map(rule.figures(for:))
        names = batch.map(space.format)
    }

    /// The batch's results in ask order; nil when a bound or a signal stopped the search before the
    /// batch was complete (what was answered by then is stored all the same).
    mutating func run() async -> [CandidateResult]? {
        for index in candidates.indices { advance(index) }
        teachLessonsAndResume()
        guard await drain(), !bounds.isStopped else { return nil }
        if !screening.lazyDevices.isEmpty, !channelClosed {
            startConfirmationWalk()
            guard await drain(), !bounds.isStopped else { return nil }
        }
        // Left unwalked (the coordinator stopped answering): never measured, so a prediction over
        // the limit is what the strategy is told, not the limit.
        restorePredictionsOverLimit(of: Array(overLimit.keys))
        return candidates.map(\.result)
    }

    /// Sends what is made and settles answers until no job is left waiting; false when cancelled
    /// (SIGTERM) meanwhile.
    private mutating func drain() async -> Bool {
        while !waiting.isEmpty {
            if bounds.isStopped || bounds.checkWallTime() {
                // Jobs not yet sent never will be; those in flight are waited for and stored.
                for job in outbox { waiting.removeValue(forKey: job.jobID) }
                _ = storeHeldReadings(of: outbox.map(\.jobID))
                outbox.removeAll()
                if waiting.isEmpty { break }
            }
            if !outbox.isEmpty {
                jobs.submit(outbox)
                outbox.removeAll()
            }
            guard let event = await jobs.nextJobEvent() else {
                // Cancelled (SIGTERM): the batch is not told, as when a bound stops it; a held
                // first reading is a measurement made, stored as it is.
                if Task.isCancelled {
                    _ = storeHeldReadings(of: secondReadings.secondJobIDs)
                    return false
                }
                log.error("the coordinator stopped before the batch finished")
                channelClosed = true
                let held = storeHeldReadings(of: Array(waiting.keys))
                for (jobID, job) in waiting { note(job, value: held[jobID] ?? nil) }
                break
            }
            switch event {
            case .completed(let spec, let result, let worker, let startedAt, let finishedAt):
                guard let job = waiting.removeValue(forKey: spec.jobID) else { continue }
                let value: Double?
                if let first = secondReadings.release(answeredBy: spec.jobID) {
                    value = recorder.recordFasterReading(first: first, second: event)
                } else if readsAgain(job, result: result) {
                    secondReadings.hold(event, on: job.device, untilAnswerTo: sendSecondReading(job).jobID)
                    continue
                } else {
                    value = recorder.recordAnswer(
                        spec: spec, result: result, worker: worker, startedAt: startedAt, finishedAt: finishedAt)
                }
                settleAnswer(job, value: value)
            case .failed(let spec, let error, _):
                guard let job = waiting.removeValue(forKey: spec.jobID) else { continue }
                if let first = secondReadings.release(answeredBy: spec.jobID) {
                    // The first reading stands, over the limit; the failure is stored beside it.
                    settleAnswer(job, value: recorder.recordFasterReading(first: first, second: event))
                } else {
                    recorder.recordFailedJob(spec: spec, error: error)
                    settle(job, value: nil)
                }
            case .workerJoined, .workerLeft, .jobRequeued:
                continue
            }
        }
        return true
    }

    /// Moves a candidate on: answers what is known, and makes jobs for what it still needs.
    private mutating func advance(_ index: Int) {
        while !bounds.isStopped {
            switch rule.next(for: candidates[index]) {
            case .nothing:
                if confirming == index, !isWaiting(on: index) {
                    confirming = nil
                    rankIfConfirmedFeasible(index)
                    walkOn()
                }
                return
            case .latency(let devices):
                // Sorted, so jobs go out in the same order whatever the targets' order.
                for device in devices.sorted() {
                    requestLatency(of: index, on: device)
                    if bounds.isStopped { return }
                }
                // Everything answered from the store or a model: ask the rule again now rather
                // than wait for an answer that is not coming.
                if isWaiting(on: index) || awaitsCalibration(index) { return }
            case .accuracy:
                if let known = recorder.selection(of: names[index]) {
                    candidates[index].settleAccuracy(known)
                } else {
                    if !isWaiting(on: index, kind: .accuracy) {
                        let spec = jobs.accuracyJob(names[index])
                        waiting[spec.jobID] = (index, .accuracy, "")
                        outbox.append(spec)
                    }
                    return
                }
            }
        }
    }

    /// Answers a candidate's latency on a device from the store or the device's model, or makes
    /// its job (unless one is in flight); stops the search instead when the device's measurements
    /// are spent.
    private mutating func requestLatency(of index: Int, on device: String) {
        let architecture = candidates[index].architecture
        // Before the store too: a resumed run decides a stored candidate when the first run did.
        if isCalibrationIncomplete(on: device) {
            awaitingCalibration[device, default: []].insert(index)
            return
        }
        if let known = recorder.latency(of: names[index], device: device) {
            let key = MetricKey(architecture: names[index], metric: MetricKey.latency, device: device)
            switch screening.countStored(architecture, key: key, value: known) {
            case .figure(let lesson):
                if let lesson { lessons.append(lesson) }
                candidates[index].settleLatency(known, device: device)
            case .waitsForAccuracy(let prediction):
                waitForAccuracy(index, on: device, prediction: prediction)
            }
            return
        }
        guard !waiting.values.contains(where: { $0.candidate == index && $0.device == device }) else { return }
        if let model = screening.models[device] {
            // Decide on the model when the prediction is clearly on one side of the limit.
            let prediction = model.predict(architecture)
            recorder.recordPrediction(names[index], device: device, value: prediction)
            let calibrating = model.isCalibrating
            let decision = screening.decide(architecture, on: device, prediction: prediction)
            if let top = model.unexpectedAbove(
                architecture, prediction: prediction, decided: decision == .decided, calibrating: calibrating)
            {
                secondReadings.expect(index, on: device, atMost: top)
            }
            switch decision {
            case .decided:
                model.noteScreened()
                candidates[index].settleLatency(prediction, device: device)
                return
            case .waitsForAccuracy:
                waitForAccuracy(index, on: device, prediction: prediction)
                return
            case .measure:
                break
            }
        }
        sendLatencyJob(of: index, on: device)
    }

    /// Makes a candidate's latency job for a device; stops the search instead when the device's
    /// measurements are spent.
    private mutating func sendLatencyJob(of index: Int, on device: String) {
        if measuredDevices.contains(device) {
            if bounds.stopIfMeasurementsSpent(on: device, used: usedMeasurements(on: device)) { return }
        }
        let spec = jobs.latencyJob(names[index], device: device)
        waiting[spec.jobID] = (index, .latency, device)
        outbox.append(spec)
    }

    /// Whether a latency answer is a real measurement over both the limit and the top of the
    /// interval the model predicted the network in, with a measurement left for reading it again.
    private func readsAgain(_ job: (candidate: Int, kind: JobKind, device: String), result: JobResult) -> Bool {
        guard !bounds.isStopped, job.kind == .latency, let model = screening.models[job.device],
            secondReadings.isUnexpected(result, of: job.candidate, on: job.device, by: model)
        else { return false }
        // As for any latency job, the bound holds for devices measured for real.
        guard let maxMeasurements = bounds.maxMeasurements, measuredDevices.contains(job.device) else { return true }
        // This first reading (no longer in flight, not yet stored) and the second must both fit.
        return usedMeasurements(on: job.device) + 2 <= maxMeasurements
    }

    /// Stores, as they are, the first readings whose second reading will never come (a bound
    /// stopped the search before it was sent, the coordinator stopped, or SIGTERM): no measurement
    /// is lost. Returns each stored figure by the second reading's job id.
    private mutating func storeHeldReadings(of jobIDs: [String]) -> [String: Double?] {
        var stored: [String: Double?] = [:]
        for jobID in jobIDs {
            guard let first = secondReadings.release(answeredBy: jobID),
                case .completed(let spec, let result, let worker, let startedAt, let finishedAt) = first
            else { continue }
            stored[jobID] = recorder.recordAnswer(
                spec: spec, result: result, worker: worker, startedAt: startedAt, finishedAt: finishedAt)
        }
        return stored
    }

    /// The device's measurements so far: stored, in flight, and first readings held for a second.
    private func usedMeasurements(on device: String) -> Int {
        let inFlight = waiting.values.count { $0.kind == .latency && $0.device == device }
        return recorder.measurements[device, default: 0] + inFlight + secondReadings.heldCount(on: device)
    }

    /// Sends the job that reads a network again and returns it (its answer completes the first).
    private mutating func sendSecondReading(_ job: (candidate: Int, kind: JobKind, device: String)) -> JobSpec {
        log.info(
            "reading a network again: its first reading is over the limit and over the model's interval",
            metadata: ["device": "\(job.device)", "architecture": "\(names[job.candidate])"])
        let spec = jobs.latencyJob(names[job.candidate], device: job.device)
        waiting[spec.jobID] = job
        outbox.append(spec)
        return spec
    }

    /// Tells a lazily decided candidate on its prediction until its accuracy is known; one
    /// predicted over the limit (`decide: lazy-all`) as at the limit, so its accuracy is evaluated.
    private mutating func waitForAccuracy(_ index: Int, on device: String, prediction: Double) {
        screening.models[device]?.noteScreened()
        provisional[index, default: []].insert(device)
        if let limit = screening.models[device]?.limit, prediction > limit {
            overLimit[index, default: [:]][device] = prediction
            candidates[index].settleLatency(limit, device: device)
        } else {
            candidates[index].settleLatency(prediction, device: device)
        }
    }

    /// Orders the batch's evaluated candidates best accuracy first (ties in ask order) and walks them.
    private mutating func startConfirmationWalk() {
        walk = ConfirmationOrder.bestFirst(candidates.map { $0.failed ? nil : $0.accuracy })
        // Never measured (no accuracy): a prediction over the limit is what the strategy is told.
        restorePredictionsOverLimit(of: Array(Set(overLimit.keys).subtracting(walk)))
        walkOn()
    }

    /// Visits the walk's candidates until one waits for a confirming measurement (or none is left).
    private mutating func walkOn() {
        while confirming == nil, !bounds.isStopped, !walk.isEmpty {
            let index = walk.removeFirst()
            if provisional[index] == nil {
                rankIfConfirmedFeasible(index)
            } else {
                confirmIfAmongBest(index)
                if confirming == nil, !bounds.isStopped { rankIfConfirmedFeasible(index) }
            }
        }
        teachLessons()
    }

    /// Measures a lazily decided candidate whose accuracy would rank among the `confirm_top` best
    /// (the measured figure replaces its prediction; ``confirming`` holds it until the answers are
    /// in); one that would not keeps its prediction, and so does one another target already rules
    /// out (penalty modes evaluate those too).
    private mutating func confirmIfAmongBest(_ index: Int) {
        guard let devices = provisional[index], let accuracy = candidates[index].accuracy, !candidates[index].failed,
            rule.targets.areMet(by: candidates[index].latencyMs), screening.confirmedRanking.admits(accuracy)
        else {
            // Not measured: a prediction over the limit is what the strategy is told after all.
            restorePredictionsOverLimit(of: [index])
            return
        }
        provisional[index] = nil
        overLimit[index] = nil
        for device in devices.sorted() {
            if let known = recorder.latency(of: names[index], device: device) {
                // An earlier process of the run measured it: learned as when its answer came in.
                let key = MetricKey(architecture: names[index], metric: MetricKey.latency, device: device)
                if let lesson = screening.confirmStored(candidates[index].architecture, key: key, value: known) {
                    lessons.append(lesson)
                }
                candidates[index].settleLatency(known, device: device)
            } else {
                sendLatencyJob(of: index, on: device)
                if bounds.isStopped { return }
            }
            screening.models[device]?.noteMeasuredAfterAll()
        }
        if isWaiting(on: index) { confirming = index }
    }

    /// Tells these candidates their predictions over the limit instead of the limit.
    private mutating func restorePredictionsOverLimit(of indices: [Int]) {
        for index in indices {
            for (device, prediction) in overLimit.removeValue(forKey: index) ?? [:] {
                candidates[index].settleLatency(prediction, device: device)
            }
        }
    }

    /// Notes the accuracy of a candidate told feasible on confirmed figures (none left
    /// provisional), for the lazy decisions that follow it.
    private func rankIfConfirmedFeasible(_ index: Int) {
        let candidate = candidates[index]
        guard provisional[index] == nil, !candidate.failed, let accuracy = candidate.accuracy,
            rule.targets.areMet(by: candidate.latencyMs)
        else { return }
        screening.confirmedRanking.note(accuracy)
    }

    /// Settles a worker's stored answer: a latency teaches the device's model first.
    private mutating func settleAnswer(_ job: (candidate: Int, kind: JobKind, device: String), value: Double?) {
        if job.kind == .latency, let value {
            screening.learn(
                candidates[job.candidate].architecture,
                key: MetricKey(architecture: names[job.candidate], metric: MetricKey.latency, device: job.device),
                measuredMs: value)
        }
        settle(job, value: value)
    }

    /// Puts a job's figure (nil: it failed) into its candidate and moves the candidate on.
    private mutating func settle(_ job: (candidate: Int, kind: JobKind, device: String), value: Double?) {
        note(job, value: value)
        advance(job.candidate)
        teachLessonsAndResume()
    }

    /// Puts a job's figure (nil: it failed) into its candidate.
    private mutating func note(_ job: (candidate: Int, kind: JobKind, device: String), value: Double?) {
        if job.kind == .accuracy {
            candidates[job.candidate].settleAccuracy(value)
        } else {
            candidates[job.candidate].settleLatency(value, device: job.device)
        }
    }

    private func isWaiting(on index: Int, kind: JobKind? = nil) -> Bool {
        waiting.values.contains { $0.candidate == index && (kind == nil || $0.kind == kind) }
    }

    private mutating func teachLessons() {
        for lesson in lessons { lesson.teach() }
        lessons.removeAll()
    }

    /// Teaches what is pending, then moves on, in ask order, the candidates of every device whose
    /// calibration set is now complete (or will get no more answers).
    private mutating func teachLessonsAndResume() {
        teachLessons()
        while let device = awaitingCalibration.keys.sorted().first(where: { !isCalibrationIncomplete(on: $0) }) {
            for index in (awaitingCalibration.removeValue(forKey: device) ?? []).sorted() { advance(index) }
            teachLessons()
        }
    }

    private func awaitsCalibration(_ index: Int) -> Bool {
        awaitingCalibration.values.contains { $0.contains(index) }
    }

    /// True when the device's model has asked for its whole calibration set but has not learned all
    /// of it yet, and more of it is still coming (a job in flight, or a stored figure not yet taught).
    private func isCalibrationIncomplete(on device: String) -> Bool {
        guard let model = screening.models[device], !model.isCalibrating, model.measurements < model.calibration else {
            return false
        }
        return waiting.values.contains { $0.kind == .latency && $0.device == device }
            || lessons.contains { $0.model.device == device }
    }
}
