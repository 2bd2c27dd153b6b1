import BenchmarkData
import Fleet
import Foundation
import Logging
import Search
import SearchSpace
import Store

/// Runs an ask/tell ``SearchStrategy`` over a ``FleetCoordinator``: each asked candidate gets
/// its latency on every target device first, then an accuracy evaluation if it meets all hard
/// targets (or always, for penalty modes). Every figure is written to the run's store as it
/// arrives, and is never requested twice for the same architecture, metric and device.
///
/// The selection figure of a candidate is its `valid_accuracy` when the accuracy worker reports
/// one, else its `proxy_score` (a training-free proxy), each stored under its own metric name.
/// Before every `ask()` the strategy gets a ``LatencyModelSnapshot`` of the devices' hardware
/// models as they stand (their corrections move with every measurement).
///
/// Results are told to the strategy in the order the candidates were asked, whatever order
/// the workers answer in, so the search is reproducible from its seed.
public final class FleetSearchDriver {
    private let space: any SearchSpace
    /// The NAS-Bench-201 dataset accuracy jobs name (nb201); nil sends no dataset (spos).
    private let dataset: NB201Dataset?
    /// The metric a failed accuracy job is recorded under (what the evaluator was expected to answer).
    private let accuracyMetric: String
    /// Settings sent with every accuracy job (`accuracy_settings` in the config).
    public var accuracySettings: [String: String] = [:]
    private let store: RunStore
    private let coordinator: FleetCoordinator
    private let log: Logger
    private var memo: [MetricKey: Double?] = [:]
    private var events: AsyncStream<FleetEvent>.Iterator
    private var jobCounter = 0
    /// Devices of the workers that joined, so a departure is stored with its device.
    private var workerDevices: [String: String] = [:]
    private let jobPrefix = String(UInt32.random(in: 0...UInt32.max), radix: 36)
    /// Jobs that failed for good.
    public private(set) var failedJobs = 0
    /// Latency figures obtained from workers (memoized ones are not counted again).
    public private(set) var latencyLookups = 0
    /// Lease deadline put on every job, in ms (0: none); see `fleet.job_deadline_ms`.
    public var jobDeadlineMs = 0
    /// Latency models of devices whose candidates are screened before measuring, by device (set
    /// before ``run(_:budget:progress:)``, once limits relative to a device are resolved).
    public var models: [String: any ScreeningModel]
    /// Devices measured for real (not replayed from a table). A candidate is measured on them only
    /// once it meets every replayed target (hard constraints), and `maxMeasurements` bounds them.
    public var measuredDevices: Set<String> = []
    /// Stop once a measured device has answered this many latency jobs (nil: no bound).
    public var maxMeasurements: Int?
    /// Stop once this many seconds have passed since ``startedAt`` (nil: no bound).
    public var maxWallSeconds: Double?
    /// When the run began, for `maxWallSeconds`.
    public var startedAt = ContinuousClock.now
    /// Latency jobs each device answered, failed ones included, counting those of earlier
    /// processes of the same run (from the store).
    public private(set) var measurements: [String: Int] = [:]
    /// Which bound stopped the search; nil while it runs or when it ran to its end.
    public private(set) var stoppedBy: String?

    public init(
        space: any SearchSpace, dataset: NB201Dataset?, store: RunStore, coordinator: FleetCoordinator, logger: Logger,
        models: [String: any ScreeningModel] = [:], accuracyMetric: String = "valid_accuracy"
    ) throws(StoreError) {
        self.models = models
        self.accuracyMetric = accuracyMetric
        self.space = space
        self.dataset = dataset
        self.store = store
        self.coordinator = coordinator
        self.log = logger
        events = coordinator.events.makeAsyncIterator()
        // Figures already in the store (an earlier, interrupted run) are reused, not redone.
        for record in try store.evaluations() where record.space == space.name {
            memo[MetricKey(architecture: record.architecture, metric: record.metric, device: record.device)] = record.value
            if record.metric == MetricKey.latency, record.source != .replay, record.source != .predicted {
                measurements[record.device, default: 0] += 1
            }
        }
    }

    /// Installs the devices' screening models and teaches them the figures of `earlier`
    /// architectures the store already holds (the sample that resolved a relative limit, measured
    /// before the search). The search's own figures are taught as the search meets them: a
    /// resumed run replays the search from its seed, and every figure answered from the store is
    /// counted and learned where the first run counted and learned it, so the models decide as
    /// they did (see ``SearchSession/startingStrategy(store:space:replaying:)``).
    public func install(models: [String: any ScreeningModel], earlier: Set<String> = []) throws(StoreError) {
        self.models = models
        taught = []
        guard !models.isEmpty else { return }
        for record in try store.evaluations()
        where record.space == space.name && record.metric == MetricKey.latency && earlier.contains(record.architecture)
            && (record.source == .measured || record.source == .replay)
        {
            guard let value = record.value, let model = models[record.device],
                let architecture = try? space.parse(record.architecture)
            else { continue }
            model.learnEarlierMeasurement(architecture, measuredMs: value)
            taught.insert(MetricKey(architecture: record.architecture, metric: record.metric, device: record.device))
        }
    }

    /// Latency figures a model has learned (or counted) in this process.
    private var taught: Set<MetricKey> = []

    /// The selection figure of an architecture: `.some(nil)` when its evaluation failed, nil when
    /// it has none yet.
    private func selection(_ name: String) -> Double?? {
        for metric in MetricKey.selectionMetrics {
            if let known = memo[MetricKey(architecture: name, metric: metric, device: "")] { return known }
        }
        return nil
    }

    /// The devices' hardware models as they stand, for the strategy; nil when no target has one.
    public func latencyPredictor() -> LatencyModelSnapshot? {
        let tables = models.compactMapValues { ($0 as? ScreeningLatencyModel)?.current }
        return tables.isEmpty ? nil : LatencyModelSnapshot(models: tables)
    }

    /// Test accuracy of an architecture, if it was evaluated.
    public func testAccuracy(of architecture: Architecture) -> Double? {
        memo[MetricKey(architecture: space.format(architecture), metric: MetricKey.testAccuracy, device: "")] ?? nil
    }

    /// Runs the strategy to the end, checkpointing after every told batch.
    public func run<Strategy: SearchStrategy>(
        _ strategy: inout Strategy, budget: Int, progress: (SearchProgress) -> Void
    ) async throws(StoreError) {
        let started = ContinuousClock.now
        var shrinksSaved = strategy.shrinkLog.count
        var scalingSaved = strategy.scalingLog.count
        var lambdaSaved = strategy.lambdaLog.count
        // Scaling decisions are made by ask() and stored with the checkpoint that follows the batch.
        var unsavedScalings: [ChannelScalingRecord] = []
        while !strategy.isFinished {
            // Cancelled (SIGTERM): no new batch; the strategy stays at its last checkpoint.
            if Task.isCancelled || checkWallBound() { break }
            strategy.useLatencyPredictor(latencyPredictor())
            let batch = strategy.ask()
            for event in strategy.scalingLog.dropFirst(scalingSaved) {
                log.info(
                    "channels scaled",
                    metadata: [
                        "generation": "\(event.generation)", "candidate": "\(space.format(event.before))",
                        "ratios": "\(SearchLog.Scaling.text(ofRatios: event.ratiosBefore))→\(SearchLog.Scaling.text(ofRatios: event.ratiosAfter))",
                        "predicted_ms": "\(Self.perDevice(event.predictedMs))", "target_ms": "\(Self.perDevice(event.targetMs))",
                    ])
                unsavedScalings.append(
                    ChannelScalingRecord(
                        generation: event.generation, before: space.format(event.before), after: space.format(event.after),
                        ratiosBefore: event.ratiosBefore, ratiosAfter: event.ratiosAfter, predictedMs: event.predictedMs,
                        targetMs: event.targetMs))
            }
            scalingSaved = strategy.scalingLog.count
            if batch.isEmpty {
                // The strategy ends here with no batch, so no checkpoint follows: store its last
                // decisions now (a kill in this instant can store them twice on resume, never lose them).
                try store.recordChannelScalings(unsavedScalings)
                break
            }
            // A batch cut short by a bound is not told: the strategy stays at its last checkpoint,
            // and a resumed run asks the same batch again, answered from the store.
            guard let results = await evaluate(batch, targets: strategy.targets, infeasibleToo: strategy.needsAccuracyOfInfeasible)
            else { break }
            strategy.tell(results)
            let newShrinks = strategy.shrinkLog[shrinksSaved...].map { event in
                ShrinkRecord(
                    generation: event.generation, position: event.position, positionName: event.positionName,
                    choice: event.choice, choiceName: event.choiceName, score: event.score,
                    spaceSizeBefore: event.spaceSizeBefore, spaceSizeAfter: event.spaceSizeAfter)
            }
            for shrink in newShrinks {
                log.info(
                    "space shrunk",
                    metadata: [
                        "position": "\(shrink.positionName)", "dropped": "\(shrink.choiceName)",
                        "score": "\(String(format: "%.3f", shrink.score))",
                        "size": "\(Int(shrink.spaceSizeBefore))→\(Int(shrink.spaceSizeAfter))",
                    ])
            }
            shrinksSaved = strategy.shrinkLog.count
            let newLambda = strategy.lambdaLog.dropFirst(lambdaSaved)
            for update in newLambda {
                log.info(
                    "lambda updated",
                    metadata: [
                        "generation": "\(update.generation)",
                        "elite_latency_ratio": "\(String(format: "%.3f", update.eliteLatencyRatio))",
                        "lambda": "\(String(format: "%.4f", update.lambdaBefore))→\(String(format: "%.4f", update.lambdaAfter))",
                    ])
            }
            lambdaSaved = strategy.lambdaLog.count
            let state: Data
            do {
                state = try JSONEncoder().encode(strategy)
            } catch {
                throw StoreError(path: store.path, message: "cannot encode the search state: \(error)")
            }
            try store.saveCheckpoint(
                CheckpointRecord(generation: strategy.generation, evaluations: strategy.accuracyEvaluations, state: state),
                shrinks: Array(newShrinks), scalings: unsavedScalings,
                lambdaUpdates: newLambda.map {
                    LambdaRecord(
                        generation: $0.generation, eliteLatencyRatio: $0.eliteLatencyRatio, lambdaBefore: $0.lambdaBefore,
                        lambdaAfter: $0.lambdaAfter)
                })
            unsavedScalings.removeAll()
            let elapsed = (ContinuousClock.now - started).seconds
            let incumbent = strategy.incumbent
            progress(
                SearchProgress(
                    generation: strategy.generation, accuracyEvaluations: strategy.accuracyEvaluations,
                    budget: budget, latencyLookups: latencyLookups,
                    evaluationsPerSecond: elapsed > 0 ? Double(strategy.accuracyEvaluations) / elapsed : 0,
                    bestValidAccuracy: incumbent?.accuracy,
                    bestTestAccuracy: incumbent.flatMap { testAccuracy(of: $0.architecture) },
                    workersOnline: coordinator.snapshot.workersOnline, failedJobs: failedJobs,
                    spaceSize: strategy.shrinkLog.last?.spaceSizeAfter ?? space.size,
                    selectionMetric: incumbent.map { selectionMetric(of: space.format($0.architecture)) } ?? accuracyMetric,
                    channelScalings: strategy.scalingLog.count, lambda: strategy.lambdaLog.last?.lambdaAfter,
                    screened: models.values.reduce(0) { $0 + $1.screened },
                    measurements: measurements.filter { measuredDevices.contains($0.key) }))
        }
    }

    // MARK: Evaluating one batch

    private struct Pending {
        var latency: [String: Double] = [:]
        var missing: Set<String>
        var accuracy: Double?
        var accuracyDone = false
        var failed = false
    }

    /// Evaluates a batch: each candidate's latency (replayed devices first; measured devices only
    /// for candidates that meet every replayed target, unless the strategy wants infeasible ones
    /// too), then its accuracy if it meets every target. Nil when a bound stopped the search
    /// before the batch was complete; what was answered by then is stored all the same.
    private func evaluate(_ batch: [Architecture], targets: [LatencyTarget], infeasibleToo: Bool) async -> [CandidateResult]? {
        let names = batch.map(space.format)
        var pending = batch.indices.map { _ in Pending(missing: Set(targets.map(\.device))) }
        var waiting: [String: (candidate: Int, kind: JobKind, device: String)] = [:]
        var jobs: [JobSpec] = []
        // Stored figures met while replaying: learned once the batch's decisions are made, as the
        // first run learned them when their answers came in.
        var lessons: [(model: any ScreeningModel, architecture: Architecture, value: Double)] = []
        func teachLessons() {
            for lesson in lessons { lesson.model.learn(lesson.architecture, measuredMs: lesson.value) }
            lessons.removeAll()
        }

        func nextJobID() -> String {
            jobCounter += 1
            return "\(jobPrefix)-\(jobCounter)"
        }

        /// Moves a candidate on: request what it still needs, or mark it done.
        func advance(_ index: Int) {
            guard stoppedBy == nil else { return }
            var state = pending[index]
            defer { pending[index] = state }
            if !state.missing.isEmpty {
                // Replayed figures cost nothing; a measurement costs device time. Measure only a
                // candidate that every replayed target admits (hard constraints decide on those).
                let replayedMissing = state.missing.filter { !measuredDevices.contains($0) }
                var asked = state.missing.sorted()
                if !infeasibleToo, replayedMissing.count < state.missing.count {
                    let replayedTargets = targets.filter { !measuredDevices.contains($0.device) }
                    if !replayedMissing.isEmpty {
                        asked = replayedMissing.sorted()
                    } else if !replayedTargets.areMet(by: state.latency) {
                        // Infeasible already: its violation counts the replayed targets it misses.
                        state.missing.removeAll()
                        asked = []
                    }
                }
                for device in asked {
                    let key = MetricKey(architecture: names[index], metric: MetricKey.latency, device: device)
                    if let known = memo[key] {
                        if let model = models[device], taught.insert(key).inserted {
                            // A figure of an earlier process of this run: the model counts the
                            // request as the first run did, and learns the figure after the decisions.
                            _ = model.needsMeasurement(batch[index], prediction: model.predict(batch[index]))
                            if let known { lessons.append((model, batch[index], known)) }
                        }
                        state.missing.remove(device)
                        if let known { state.latency[device] = known } else { state.failed = true }
                    } else if !waiting.values.contains(where: { $0.candidate == index && $0.device == device }) {
                        if let model = models[device] {
                            // Decide on the model when the prediction is clearly on one side of the limit.
                            let prediction = model.predict(batch[index])
                            recordPrediction(names[index], device: device, value: prediction)
                            if !model.needsMeasurement(batch[index], prediction: prediction) {
                                model.noteScreened()
                                state.missing.remove(device)
                                state.latency[device] = prediction
                                continue
                            }
                        }
                        if measuredDevices.contains(device), let reason = measurementBound(device, inFlight: waiting) {
                            stoppedBy = reason
                            return
                        }
                        let id = nextJobID()
                        waiting[id] = (index, .latency, device)
                        jobs.append(
                            JobSpec(
                                jobID: id, kind: .latency, space: space.name, architecture: names[index], device: device,
                                deadlineMs: jobDeadlineMs))
                    }
                }
                if !state.missing.isEmpty {
                    // The replayed figures were all in the store already: decide on the measured
                    // devices now rather than wait for an answer that is not coming.
                    let askedReplayedOnly = !asked.isEmpty && asked.allSatisfy { !measuredDevices.contains($0) }
                    if askedReplayedOnly, state.missing.allSatisfy({ measuredDevices.contains($0) }),
                        !waiting.values.contains(where: { $0.candidate == index })
                    {
                        pending[index] = state
                        advance(index)
                        state = pending[index]
                    }
                    return
                }
            }
            guard !state.accuracyDone else { return }
            let needsAccuracy = !state.failed && (infeasibleToo || targets.areMet(by: state.latency))
            guard needsAccuracy else {
                state.accuracyDone = true
                return
            }
            if let known = selection(names[index]) {
                state.accuracyDone = true
                state.accuracy = known
                if known == nil { state.failed = true }
            } else if !waiting.values.contains(where: { $0.candidate == index && $0.kind == .accuracy }) {
                let id = nextJobID()
                waiting[id] = (index, .accuracy, "")
                jobs.append(
                    JobSpec(
                        jobID: id, kind: .accuracy, space: space.name, architecture: names[index],
                        settings: accuracySettings.merging(dataset.map { ["dataset": $0.rawValue] } ?? [:]) { $1 },
                        deadlineMs: jobDeadlineMs))
            }
        }

        /// Puts a job's figure (nil: it failed) into its candidate and moves the candidate on.
        func settle(_ job: (candidate: Int, kind: JobKind, device: String), value: Double?) {
            if job.kind == .accuracy {
                pending[job.candidate].accuracyDone = true
                pending[job.candidate].accuracy = value
            } else {
                pending[job.candidate].missing.remove(job.device)
                if let value { pending[job.candidate].latency[job.device] = value }
            }
            if value == nil { pending[job.candidate].failed = true }
            advance(job.candidate)
            teachLessons()
        }

        for index in batch.indices { advance(index) }
        teachLessons()
        while !waiting.isEmpty {
            if stoppedBy != nil || checkWallBound() {
                // Jobs not yet sent never will be; those in flight are waited for and stored.
                for job in jobs { waiting.removeValue(forKey: job.jobID) }
                jobs.removeAll()
                if waiting.isEmpty { break }
            }
            if !jobs.isEmpty {
                coordinator.submit(jobs)
                jobs.removeAll()
            }
            guard let event = await events.next() else {
                // Cancelled (SIGTERM): the batch is not told, as when a bound stops it.
                if Task.isCancelled { return nil }
                log.error("the coordinator stopped before the batch finished")
                for (_, job) in waiting { pending[job.candidate].failed = true }
                break
            }
            switch event {
            case .completed(let spec, let result, let worker, let startedAt, let finishedAt):
                guard let job = waiting.removeValue(forKey: spec.jobID) else { continue }
                if job.kind == .latency {
                    latencyLookups += 1
                    measurements[job.device, default: 0] += 1
                }
                let value = record(spec: spec, result: result, worker: worker, startedAt: startedAt, finishedAt: finishedAt)
                if value == nil { failedJobs += 1 }
                if job.kind == .latency, let value, let model = models[job.device] {
                    model.learn(batch[job.candidate], measuredMs: value)
                    taught.insert(MetricKey(architecture: names[job.candidate], metric: MetricKey.latency, device: job.device))
                }
                settle(job, value: value)
            case .failed(let spec, let error, _):
                guard let job = waiting.removeValue(forKey: spec.jobID) else { continue }
                failedJobs += 1
                if job.kind == .latency { measurements[job.device, default: 0] += 1 }
                recordFailure(spec: spec, error: error)
                settle(job, value: nil)
            case .workerJoined, .workerLeft:
                recordFleet(event)
            }
        }
        if stoppedBy != nil { return nil }
        return batch.indices.map { index in
            CandidateResult(
                architecture: batch[index], latencyMs: pending[index].latency, accuracy: pending[index].accuracy,
                failed: pending[index].failed)
        }
    }

    // MARK: Confirming the answer

    /// The metric an architecture's selection figure is stored under (`valid_accuracy` or
    /// `proxy_score`); the expected one when it has none.
    public func selectionMetric(of name: String) -> String {
        MetricKey.selectionMetrics.first { memo[MetricKey(architecture: name, metric: $0, device: "")] != nil } ?? accuracyMetric
    }

    /// The best evaluated architecture meeting every target on *measured* (or replayed) latency:
    /// candidates in order of selection figure (validation accuracy, else proxy score), each
    /// latency that was only predicted measured now, until one holds. Nil when none of the first
    /// `limit` does.
    public func confirmBest(targets: [LatencyTarget], limit: Int = 100) async -> (Architecture, Double)? {
        let names = Set(memo.keys.filter { MetricKey.selectionMetrics.contains($0.metric) }.map(\.architecture))
        let ranked = names.compactMap { name -> (String, Double)? in
            guard let value = selection(name), let value else { return nil }
            return (name, value)
        }.sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        for (name, accuracy) in ranked.prefix(limit) {
            if Task.isCancelled { return nil }
            guard let architecture = try? space.parse(name) else { continue }
            var latencies: [String: Double] = [:]
            for target in targets {
                let key = MetricKey(architecture: name, metric: MetricKey.latency, device: target.device)
                if let known = memo[key] {
                    if let known { latencies[target.device] = known }
                } else if let value = await measure(name, device: target.device) {
                    latencies[target.device] = value
                    models[target.device]?.learn(architecture, measuredMs: value)
                    taught.insert(key)
                }
            }
            if targets.areMet(by: latencies) { return (architecture, accuracy) }
        }
        return nil
    }

    // MARK: Bounds

    /// The reason to stop when `device` has used its measurements (counting those in flight).
    private func measurementBound(
        _ device: String, inFlight: [String: (candidate: Int, kind: JobKind, device: String)]
    ) -> String? {
        guard let maxMeasurements else { return nil }
        let used = measurements[device, default: 0] + inFlight.values.count { $0.kind == .latency && $0.device == device }
        return used >= maxMeasurements ? "max_measurements \(maxMeasurements) reached on \(device)" : nil
    }

    /// Sets ``stoppedBy`` when the wall-time bound has passed; true when stopped.
    @discardableResult
    private func checkWallBound() -> Bool {
        if stoppedBy == nil, let maxWallSeconds, (ContinuousClock.now - startedAt).seconds >= maxWallSeconds {
            stoppedBy = "max_wall_seconds \(String(format: "%g", maxWallSeconds)) reached"
        }
        return stoppedBy != nil
    }

    /// An architecture's latency on a device: the stored figure when there is one, else measured now.
    func latency(of name: String, device: String) async -> Double? {
        if let known = memo[MetricKey(architecture: name, metric: MetricKey.latency, device: device)] { return known }
        return await measure(name, device: device)
    }

    /// Measures one architecture on one device now, through the fleet.
    private func measure(_ name: String, device: String) async -> Double? {
        jobCounter += 1
        let id = "\(jobPrefix)-\(jobCounter)"
        let spec = JobSpec(
            jobID: id, kind: .latency, space: space.name, architecture: name, device: device, deadlineMs: jobDeadlineMs)
        coordinator.submit([spec])
        while let event = await events.next() {
            switch event {
            case .completed(let done, let result, let worker, let startedAt, let finishedAt) where done.jobID == id:
                latencyLookups += 1
                measurements[device, default: 0] += 1
                return record(spec: done, result: result, worker: worker, startedAt: startedAt, finishedAt: finishedAt)
            case .failed(let done, let error, _) where done.jobID == id:
                failedJobs += 1
                measurements[device, default: 0] += 1
                recordFailure(spec: done, error: error)
                return nil
            case .workerJoined, .workerLeft:
                recordFleet(event)
            default:
                continue
            }
        }
        return nil
    }

    // MARK: Store

    /// Stores a model's prediction next to whatever is measured (`latency_predicted_ms`).
    private func recordPrediction(_ name: String, device: String, value: Double) {
        let key = MetricKey(architecture: name, metric: MetricKey.predictedLatency, device: device)
        // A replayed search predicts again what an earlier process of the run already stored.
        guard value.isFinite, memo[key] == nil else { return }
        memo[key] = value
        let now = Date()
        persist([
            EvaluationRecord(
                space: space.name, architecture: name, metric: MetricKey.predictedLatency, device: device, value: value,
                source: .predicted, worker: "", startedAt: now, finishedAt: now)
        ])
    }

    /// Stores a worker's answer and returns its main figure (validation accuracy or latency);
    /// nil when the answer is unusable, which is then stored as a failure.
    private func record(spec: JobSpec, result: JobResult, worker: String, startedAt: Date, finishedAt: Date) -> Double? {
        guard let source = EvaluationSource(rawValue: result.source) else {
            recordFailure(spec: spec, error: "worker \(worker) answered with unknown source '\(result.source)'")
            return nil
        }
        var records: [EvaluationRecord] = []
        let environment = result.environmentJSON
        func add(_ metric: String, device: String) -> Double? {
            guard let value = result.metrics[metric], value.isFinite else { return nil }
            memo[MetricKey(architecture: spec.architecture, metric: metric, device: device)] = value
            records.append(
                EvaluationRecord(
                    space: spec.space, architecture: spec.architecture, metric: metric, device: device, value: value,
                    source: source, worker: worker, startedAt: startedAt, finishedAt: finishedAt, environment: environment))
            return value
        }
        let main: Double?
        switch spec.kind {
        case .latency, .profile:
            main = add(MetricKey.latency, device: spec.device ?? "")
        case .accuracy:
            if let valid = add(MetricKey.validAccuracy, device: "") {
                main = valid
                _ = add(MetricKey.testAccuracy, device: "")
            } else {
                main = add(MetricKey.proxyScore, device: "")
            }
        }
        guard main != nil else {
            let metric = spec.kind == .accuracy ? MetricKey.selectionMetrics.joined(separator: " or ") : MetricKey.latency
            recordFailure(spec: spec, error: "worker \(worker) answered without a finite \(metric)")
            return nil
        }
        persist(records)
        return main
    }

    private func recordFailure(spec: JobSpec, error: String) {
        let metric = spec.kind == .accuracy ? accuracyMetric : MetricKey.latency
        let device = spec.kind == .accuracy ? "" : spec.device ?? ""
        memo[MetricKey(architecture: spec.architecture, metric: metric, device: device)] = .some(nil)
        let now = Date()
        persist([
            EvaluationRecord(
                space: spec.space, architecture: spec.architecture, metric: metric, device: device, value: nil,
                source: nil, worker: "", startedAt: now, finishedAt: now, error: error)
        ])
    }

    /// Stores a worker joining or leaving (with the jobs it held that were re-queued), for the report.
    private func recordFleet(_ event: FleetEvent) {
        let record: FleetEventRecord
        switch event {
        case .workerJoined(let hello):
            workerDevices[hello.workerID] = hello.device
            record = FleetEventRecord(
                at: Date(), kind: .joined, worker: hello.workerID, device: hello.device,
                detail: hello.kinds.map(\.rawValue).joined(separator: ","))
        case .workerLeft(let worker, let reason, let requeued):
            record = FleetEventRecord(
                at: Date(), kind: .left, worker: worker, device: workerDevices[worker] ?? "", detail: reason, requeued: requeued)
        case .completed, .failed:
            return
        }
        do {
            try store.recordFleetEvents([record])
        } catch {
            log.error("could not store a fleet event", metadata: ["error": "\(error)"])
        }
    }

    private func persist(_ records: [EvaluationRecord]) {
        do {
            try store.record(records)
        } catch {
            log.error("could not store evaluations", metadata: ["error": "\(error)"])
        }
    }

    // MARK: Log text

    static func perDevice(_ values: [String: Double]) -> String {
        values.sorted { $0.key < $1.key }.map { "\($0.key) \(String(format: "%.3f", $0.value))" }.joined(separator: ", ")
    }
}
