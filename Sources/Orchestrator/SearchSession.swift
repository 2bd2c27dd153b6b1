import BenchmarkData
import Fleet
import Foundation
import Logging
import Measurement
import Search
import SearchSpace
import Store
import ZeroMQ

/// One whole search: a fresh store, a coordinator, optionally local worker processes, the
/// targets' operator tables profiled through the fleet where they are missing (spos), the
/// strategy driven to its end, and the result (`result.json`, `search-log.json`) written next
/// to the store.
public struct SearchSession {
    /// The config; limits relative to a device (`max_latency: pNN`) are resolved in a copy once the
    /// fleet is up, see ``resolvingLimits(space:driver:store:progress:)``.
    public var config: SearchConfig
    /// The config text as the user wrote it, stored with the run.
    public let configText: String
    /// The NAS-Bench-201 table: the optimum and regret on nb201, replayed devices' relative limits,
    /// and the references a transfer regression learns from.
    public let table: NB201Table
    /// Start worker processes on this machine (`hsconas search`) or only wait for remote ones
    /// (`hsconas coordinator`).
    public var spawnLocalWorkers: Bool
    /// Overrides `fleet.bind`.
    public var bind: String?
    /// Overrides `output`.
    public var output: String?
    /// Overrides `fleet.security` for the coordinator (`hsconas coordinator --curve-secret-key`).
    public var security: CoordinatorSecurity?
    /// Continue the unfinished run in this store (`--resume`) instead of starting a fresh one.
    public var resumeStore: String?
    /// Where the coordinator, the local workers' launcher and the search log.
    public var logger: Logger
    /// Told the coordinator and the store's path once both exist (e.g. to serve a live page).
    public var onStarted: (@Sendable (FleetCoordinator, String) -> Void)?

    /// A session as the config says; the overrides (`bind`, `output`, `security`, …) are set after.
    public init(config: SearchConfig, configText: String, table: NB201Table, spawnLocalWorkers: Bool, logger: Logger) {
        self.config = config
        self.configText = configText
        self.table = table
        self.spawnLocalWorkers = spawnLocalWorkers
        self.logger = logger
    }

    /// The folder this run writes to: `<output>/<name>-<UTC timestamp>`.
    func runDirectory() -> URL {
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd-HHmmss"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let stamp = formatter.string(from: Date())
        var directory = URL(fileURLWithPath: output ?? config.output).appendingPathComponent("\(config.name)-\(stamp)")
        var suffix = 1
        while FileManager.default.fileExists(atPath: directory.path) {
            suffix += 1
            directory = URL(fileURLWithPath: output ?? config.output).appendingPathComponent("\(config.name)-\(stamp)-\(suffix)")
        }
        return directory
    }

    /// Runs the search. `listening` is called once the coordinator is bound, with the real endpoint.
    /// `profiling` gets (device, operators profiled, operators missing) while a target's operator
    /// table is completed through the fleet before the search starts.
    public func run(
        listening: (String) -> Void, progress: (SearchProgress) -> Void,
        profiling: (String, Int, Int) -> Void = { _, _, _ in }, limitProgress: (String) -> Void = { _ in },
        limitResolved: (String) -> Void = { _ in }
    ) async throws -> (SearchResult, URL) {
        let started = ContinuousClock.now
        let space = config.space.space
        // Profile stores are opened before anything is written: a bad profile leaves no run behind.
        let profiles = try profileStores(space: space)
        // A signal during the start leaves no run folder behind.
        try Task.checkCancellation()
        let (directory, store, lock) = try openRun()
        defer { withExtendedLifetime(lock) {} }
        // Before the lock goes: the stores are closed by the process that holds the run.
        defer { close([store] + profiles.map(\.store)) }

        let context = try ZMQContext()
        let coordinator = try FleetCoordinator(
            context: context, bind: bind ?? config.fleet.bind ?? FleetConfig.localBind,
            settings: CoordinatorSettings(
                coordinatorID: "hsconas-\(config.name)", heartbeatMs: config.fleet.heartbeatMs,
                security: try security ?? config.fleet.security?.load()),
            logger: logger, models: ONNXModelShipper())
        listening(coordinator.endpoint)
        onStarted?(coordinator, store.path)
        do {
            return try await LocalFleet.run(coordinator: coordinator, logger: logger) { workers in
                try await search(
                    space: space, coordinator: coordinator, workers: workers, store: store, directory: directory,
                    started: started, profiles: profiles, progress: progress, profiling: profiling,
                    limitProgress: limitProgress, limitResolved: limitResolved)
            }
        } catch where Task.isCancelled {
            // Whatever the cancellation cut short (a batch, the limit sample, profiling) is simply
            // not done yet: a resumed run does it, with every stored answer reused.
            logger.notice("search interrupted; the store holds every answer so far", metadata: ["store": "\(store.path)"])
            throw RunInterrupted(store: store.path)
        }
    }

    /// Closes the run's store and the profile stores for good; a failure is only logged, as every
    /// figure was committed when it arrived.
    private func close(_ stores: [RunStore]) {
        for store in stores {
            do {
                try store.close()
            } catch {
                logger.warning("\(error)")
            }
        }
    }

    private func search(
        space: any NetworkSpace, coordinator: FleetCoordinator, workers: LocalWorkerProcesses, store: RunStore,
        directory: URL, started: ContinuousClock.Instant, profiles: [ProfileStore], progress: (SearchProgress) -> Void,
        profiling: (String, Int, Int) -> Void, limitProgress: (String) -> Void,
        limitResolved: (String) -> Void
    ) async throws -> (SearchResult, URL) {
        if spawnLocalWorkers {
            try workers.start(
                localWorkerSpecs(), executable: LocalWorkerProcesses.currentExecutable(),
                coordinator: coordinator.endpoint, heartbeatMs: config.fleet.heartbeatMs,
                simulatedDelayMs: config.fleet.simulatedDelayMs, measurement: config.fleet.measurement,
                security: config.fleet.security, logDirectory: directory.appendingPathComponent("workers"))
        }

        try await profileMissingOperators(space: space, profiles: profiles, coordinator: coordinator, progress: profiling)
        let driver = try FleetSearchDriver(
            space: space, dataset: config.isSPOS ? nil : config.dataset, store: store, coordinator: coordinator,
            logger: logger,
            accuracyMetric: config.accuracyEvaluator == .proxy ? MetricKey.proxyScore : MetricKey.validAccuracy)
        driver.accuracySettings = config.accuracySettings
        driver.jobDeadlineMs = config.fleet.jobDeadlineMs
        driver.latencySettings = config.fleet.jobMethod
        driver.measuredDevices = Set(config.targets.filter { !$0.isReplayed }.map(\.device))
        driver.lazyDevices = Set(config.targets.filter(\.decidesLazily).map(\.device))
        driver.lazyBothSidesDevices = Set(config.targets.filter(\.decidesLazilyBothSides).map(\.device))
        driver.confirmTop = config.confirmTop
        driver.maxMeasurements = config.maxMeasurements
        driver.maxWallSeconds = config.maxWallSeconds
        driver.startedAt = started
        let session = try await resolvingLimits(
            space: space, driver: driver, store: store, progress: limitProgress, resolved: limitResolved)
        return try await session.search(
            space: space, driver: driver, store: store, directory: directory, started: started, profiles: profiles,
            progress: progress)
    }

    /// The search proper, on a session whose limits are all in ms.
    private func search(
        space: any NetworkSpace, driver: FleetSearchDriver, store: RunStore, directory: URL,
        started: ContinuousClock.Instant, profiles: [ProfileStore], progress: (SearchProgress) -> Void
    ) async throws -> (SearchResult, URL) {
        let models = try screeningModels(space: space, profiles: profiles)
        // The samples that resolved relative limits were measured before the search: models learn them first.
        let samples = config.targets.filter { $0.relativeLimit != nil && !$0.isReplayed }.flatMap {
            Self.limitSample(space: space, count: $0.limitSample, seed: config.seed)
        }
        try driver.install(models: models, earlier: Set(samples.map(space.format)))
        let strategy = startingStrategy(store: store, space: space, replaying: !models.isEmpty)
        let finished = try await Self.drive(strategy, driver: driver, budget: config.budget, progress: progress)
        // Cancelled (SIGTERM): the driver left its last batch untold, as after a kill; no result yet.
        try Task.checkCancellation()
        // With latency models some figures are predictions: the answer is the best candidate whose
        // latency holds when measured for real.
        let chosen: (Architecture, Double)? =
            models.isEmpty
            ? finished.incumbent.flatMap { incumbent in incumbent.accuracy.map { (incumbent.architecture, $0) } }
            : await driver.confirmBest(targets: config.searchSettings.targets)
        try Task.checkCancellation()

        let oracle = config.isSPOS ? nil : try NB201Oracle(table: table, dataset: config.dataset)
        let log = Self.searchLog(finished, space: space)
        let result = try buildResult(
            space: space, strategy: finished, log: log, chosen: chosen, driver: driver, oracle: oracle, store: store,
            wallSeconds: (ContinuousClock.now - started).seconds)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(log).write(to: directory.appendingPathComponent(Self.searchLogFile))
        let json = try encoder.encode(result)
        try json.write(to: directory.appendingPathComponent("result.json"))
        if driver.stoppedBy == nil, let reason = finished.endReason {
            logger.notice("search ended before its budget", metadata: ["reason": "\(reason)"])
        }
        if let reason = driver.stoppedBy {
            // Not finished: `--resume` with a larger bound continues it.
            logger.notice("search stopped by a bound", metadata: ["bound": "\(reason)"])
            try store.saveStoppedResult(String(decoding: json, as: UTF8.self))
        } else {
            try store.finishRun(result: String(decoding: json, as: UTF8.self))
        }
        return (result, directory)
    }

    /// Opens the existential so the driver runs on the concrete strategy type.
    private static func drive<Strategy: SearchStrategy>(
        _ strategy: Strategy, driver: FleetSearchDriver, budget: Int, progress: (SearchProgress) -> Void
    ) async throws -> any SearchStrategy {
        var strategy = strategy
        try await driver.run(&strategy, budget: budget, progress: progress)
        return strategy
    }

    /// One latency worker per target device (times `workers_per_device`), plus accuracy workers.
    public func localWorkerSpecs() -> [LocalWorkerSpec] {
        var specs: [LocalWorkerSpec] = []
        for target in config.targets where target.runtime != .remote {
            // Measuring workers share this machine's CPUs, so one per device measures at a time.
            let copies = target.isReplayed ? config.fleet.workersPerDevice : min(config.fleet.workersPerDevice, 1)
            for copy in 0..<copies {
                // Measuring workers also take profile jobs: a spos target's missing operator table
                // is profiled by its own workers before the search starts.
                specs.append(
                    LocalWorkerSpec(
                        name: "\(target.device)-\(copy + 1)", device: target.device,
                        kinds: target.isReplayed ? ["latency"] : ["latency", "profile"], capacity: 1,
                        runtime: target.runtime, threads: target.threads, cores: target.cores))
            }
        }
        // A proxy costs a forward pass on this machine's CPUs: one job at a time per worker.
        let evaluator = config.accuracyEvaluator
        for copy in 0..<config.fleet.accuracyWorkers {
            specs.append(
                LocalWorkerSpec(
                    name: "accuracy-\(copy + 1)", device: nil, kinds: ["accuracy"], capacity: evaluator == .table ? 16 : 1,
                    evaluator: evaluator, evaluatorCommand: config.fleet.evaluatorCommand))
        }
        return specs
    }
}

