import BenchmarkData
import Fleet
import Foundation
import Logging
import Search
import SearchSpace
import Store

/// Runs an ask/tell ``SearchStrategy`` over a fleet (a ``FleetCoordinator``, or any ``JobFleet``):
/// each asked candidate gets its latency on every target device first, then an accuracy
/// evaluation if it meets all hard targets (or always, for penalty modes), as
/// ``BatchEvaluationRule`` decides. Every figure is written to the run's store as it arrives, and
/// is never requested twice for the same architecture, metric and device.
///
/// The selection figure of a candidate is its `valid_accuracy` when the accuracy worker reports
/// one, else its `proxy_score` (a training-free proxy), each stored under its own metric name.
/// Before every `ask()` the strategy gets a ``LatencyModelSnapshot`` of the devices' hardware
/// models as they stand (their corrections move with every measurement).
///
/// Results are told to the strategy in the order the candidates were asked, whatever order
/// the workers answer in, so the search is reproducible from its seed.
///
/// This type is the run loop; the parts it drives each do one job: a `FleetBatchEvaluation` per
/// batch, an `EvaluationRecorder` (figures and the store), a `LatencyScreening` (the devices'
/// models), `SearchBounds`, a `SearchEventJournal` (the strategy's events) and an
/// `AnswerConfirmation`.
public final class FleetSearchDriver {
    private let space: any SearchSpace
    private let store: RunStore
    private let log: Logger
    private let recorder: EvaluationRecorder
    private let jobs: FleetJobChannel
    private let screening: LatencyScreening
    private let bounds = SearchBounds()

    /// Settings sent with every accuracy job (`accuracy_settings` in the config).
    public var accuracySettings: [String: String] {
        get { jobs.accuracySettings }
        set { jobs.accuracySettings = newValue }
    }
    /// Jobs that failed for good.
    public var failedJobs: Int { recorder.failedJobs }
    /// Latency figures obtained from workers (memoized ones are not counted again).
    public var latencyLookups: Int { recorder.latencyLookups }
    /// The metric accuracy evaluations are stored under (valid accuracy, or a proxy score).
    public var accuracyMetric: String { recorder.accuracyMetric }
    /// Lease deadline put on every job, in ms (0: none); see `fleet.job_deadline_ms`.
    public var jobDeadlineMs: Int {
        get { jobs.jobDeadlineMs }
        set { jobs.jobDeadlineMs = newValue }
    }
    /// Settings sent with every latency job: the measurement method of `fleet.measurement`
    /// (``MeasurementSettings/method``), which measuring workers use over their own flags.
    public var latencySettings: [String: String] {
        get { jobs.latencySettings }
        set { jobs.latencySettings = newValue }
    }
    /// Latency models of devices whose candidates are screened before measuring, by device (set
    /// before ``run(_:budget:progress:)``, once limits relative to a device are resolved).
    public var models: [String: any ScreeningModel] {
        get { screening.models }
        set { screening.models = newValue }
    }
    /// Devices whose targets decide lazily (`decide: lazy`): past calibration, an undecided
    /// candidate predicted under the limit is told on its prediction, and measured (the figure
    /// told instead) only once its accuracy would rank among the ``confirmTop`` best candidates
    /// told feasible on confirmed figures in earlier batches.
    public var lazyDevices: Set<String> {
        get { screening.lazyDevices }
        set { screening.lazyDevices = newValue }
    }
    /// Lazy devices whose undecided candidates predicted over the limit wait for their accuracy too
    /// (`decide: lazy-all`): told as at the limit until then, and their prediction if they are not measured.
    public var lazyBothSidesDevices: Set<String> {
        get { screening.lazyBothSidesDevices }
        set { screening.lazyBothSidesDevices = newValue }
    }
    /// How many best confirmed-feasible accuracies a lazily decided candidate must rank among to be
    /// measured (`confirm_top`).
    public var confirmTop: Int {
        get { screening.confirmedRanking.top }
        set { screening.confirmedRanking.top = newValue }
    }
    /// Devices measured for real (not replayed from a table). A candidate is measured on them only
    /// once it meets every replayed target (hard constraints), and `maxMeasurements` bounds them.
    public var measuredDevices: Set<String> = []
    /// Stop once a measured device has answered this many latency jobs (nil: no bound).
    public var maxMeasurements: Int? {
        get { bounds.maxMeasurements }
        set { bounds.maxMeasurements = newValue }
    }
    /// Stop once this many seconds have passed since ``startedAt`` (nil: no bound).
    public var maxWallSeconds: Double? {
        get { bounds.maxWallSeconds }
        set { bounds.maxWallSeconds = newValue }
    }
    /// When the run began, for `maxWallSeconds`.
    public var startedAt: ContinuousClock.Instant {
        get { bounds.startedAt }
        set { bounds.startedAt = newValue }
    }
    /// Latency jobs each device answered, failed ones included, counting those of earlier
    /// processes of the same run (from the store).
    public var measurements: [String: Int] { recorder.measurements }
    /// Which bound stopped the search; nil while it runs or when it ran to its end.
    public var stoppedBy: String? { bounds.stoppedBy }

    /// A driver over `coordinator`'s workers writing to `store`. Figures already in the store (an
    /// earlier, interrupted run) are reused, not redone.
    public init(
        space: any SearchSpace, dataset: NB201Dataset?, store: RunStore, coordinator: any JobFleet, logger: Logger,
        models: [String: any ScreeningModel] = [:], accuracyMetric: String = "valid_accuracy"
    ) throws(StoreError) {
        self.space = space
        self.store = store
        log = logger
        recorder = try EvaluationRecorder(space: space, store: store, accuracyMetric: accuracyMetric, logger: logger)
        jobs = FleetJobChannel(fleet: coordinator, recorder: recorder, space: space, dataset: dataset)
        screening = LatencyScreening(models: models)
    }

    /// Installs the devices' screening models and teaches them the figures of `earlier`
    /// architectures the store already holds (the sample that resolved a relative limit, measured
    /// before the search). The search's own figures are taught as the search meets them: a
    /// resumed run replays the search from its seed, and every figure answered from the store is
    /// counted and learned where the first run counted and learned it, so the models decide as
    /// they did (see ``SearchSession/startingStrategy(store:space:replaying:)``).
    public func install(models: [String: any ScreeningModel], earlier: Set<String> = []) throws(StoreError) {
        let records = models.isEmpty ? [] : try recorder.storedLatencies(of: earlier)
        screening.install(models: models, earlier: records, space: space)
    }

    /// The devices' hardware models as they stand, for the strategy; nil when no target has one.
    public func latencyPredictor() -> LatencyModelSnapshot? {
        screening.latencyPredictor()
    }

    /// Test accuracy of an architecture, if it was evaluated.
    public func testAccuracy(of architecture: Architecture) -> Double? {
        recorder.testAccuracy(of: space.format(architecture))
    }

    /// The metric an architecture's selection figure is stored under (`valid_accuracy` or
    /// `proxy_score`); the expected one when it has none.
    public func selectionMetric(of name: String) -> String {
        recorder.selectionMetric(of: name)
    }

    /// Runs the strategy to the end, checkpointing after every told batch.
    public func run<Strategy: SearchStrategy>(
        _ strategy: inout Strategy, budget: Int, progress: (SearchProgress) -> Void
    ) async throws(StoreError) {
        let started = ContinuousClock.now
        // Scaling decisions are made by ask() and stored with the checkpoint that follows the batch.
        var journal = SearchEventJournal(space: space, logger: log)
        while !strategy.isFinished {
            // Cancelled (SIGTERM): no new batch; the strategy stays at its last checkpoint.
            if Task.isCancelled || bounds.checkWallTime() { break }
            strategy.useLatencyPredictor(latencyPredictor())
            let batch = strategy.ask()
            journal.note(strategy.drainEvents())
            if batch.isEmpty {
                // The strategy ends here with no batch, so no checkpoint follows: store its last
                // decisions now (a kill in this instant can store them twice on resume, never lose them).
                try store.recordChannelScalings(journal.scalings)
                break
            }
            // A batch cut short by a bound is not told: the strategy stays at its last checkpoint,
            // and a resumed run asks the same batch again, answered from the store.
            let rule = BatchEvaluationRule(
                targets: strategy.targets, accuracyOfInfeasible: strategy.needsAccuracyOfInfeasible,
                deferredDevices: measuredDevices)
            var evaluation = FleetBatchEvaluation(
                batch, rule: rule, space: space, measuredDevices: measuredDevices, jobs: jobs, recorder: recorder,
                screening: screening, bounds: bounds, logger: log)
            guard let results = await evaluation.run() else { break }
            strategy.tell(results)
            journal.note(strategy.drainEvents())
            try saveCheckpoint(of: strategy, with: journal)
            journal.clear()
            progress(self.progress(of: strategy, budget: budget, since: started))
        }
    }

    /// Stores the strategy's state with the events decided since the last checkpoint.
    private func saveCheckpoint(of strategy: some SearchStrategy, with journal: SearchEventJournal) throws(StoreError) {
        let state: Data
        do {
            state = try JSONEncoder().encode(strategy)
        } catch {
            throw StoreError(path: store.path, message: "cannot encode the search state: \(error)")
        }
        try store.saveCheckpoint(
            CheckpointRecord(generation: strategy.generation, evaluations: strategy.accuracyEvaluations, state: state),
            shrinks: journal.shrinks, scalings: journal.scalings, lambdaUpdates: journal.lambdaUpdates)
    }

    private func progress(of strategy: some SearchStrategy, budget: Int, since started: ContinuousClock.Instant) -> SearchProgress {
        let elapsed = (ContinuousClock.now - started).seconds
        let incumbent = strategy.incumbent
        return SearchProgress(
            generation: strategy.generation, accuracyEvaluations: strategy.accuracyEvaluations,
            budget: budget, latencyLookups: latencyLookups,
            evaluationsPerSecond: elapsed > 0 ? Double(strategy.accuracyEvaluations) / elapsed : 0,
            bestValidAccuracy: incumbent?.accuracy,
            bestTestAccuracy: incumbent.flatMap { testAccuracy(of: $0.architecture) },
            workersOnline: jobs.workersOnline, failedJobs: failedJobs,
            spaceSize: strategy.shrinkLog.last?.spaceSizeAfter ?? space.size,
            selectionMetric: incumbent.map { selectionMetric(of: space.format($0.architecture)) } ?? recorder.accuracyMetric,
            channelScalings: strategy.scalingLog.count, lambda: strategy.lambdaLog.last?.lambdaAfter,
            screened: screening.screened,
            measurements: measurements.filter { measuredDevices.contains($0.key) })
    }

    // MARK: Confirming the answer

    /// The best evaluated architecture meeting every target on *measured* (or replayed) latency:
    /// candidates in order of selection figure (validation accuracy, else proxy score), each
    /// latency that was only predicted measured now, until one holds. Nil when none of the first
    /// `limit` does.
    public func confirmBest(targets: [LatencyTarget], limit: Int = 100) async -> (Architecture, Double)? {
        await AnswerConfirmation(space: space, recorder: recorder, screening: screening, jobs: jobs)
            .best(targets: targets, limit: limit)
    }

    /// An architecture's latency on a device: the stored figure when there is one, else measured now.
    func latency(of name: String, device: String) async -> Double? {
        if let known = recorder.latency(of: name, device: device) { return known }
        return await jobs.measure(name, device: device)
    }
}
