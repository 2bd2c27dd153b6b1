import BenchmarkData
import Fleet
import Foundation
import Logging
import Search
import SearchSpace
import Store
import ZeroMQ

/// One whole search: a fresh store, a coordinator, optionally local worker processes, the
/// strategy driven to its end, and the result written next to the store.
public struct SearchSession {
    public let config: SearchConfig
    /// The config text as the user wrote it, stored with the run.
    public let configText: String
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
    public var logger: Logger

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
    public func run(listening: (String) -> Void, progress: (SearchProgress) -> Void) async throws -> (SearchResult, URL) {
        let started = ContinuousClock.now
        // Latency models are read before anything is written: a bad profile leaves no run behind.
        let models = try latencyModels(space: NB201Space())
        let (directory, store, lock) = try openRun()
        defer { withExtendedLifetime(lock) {} }

        let context = try ZMQContext()
        let coordinator = try FleetCoordinator(
            context: context, bind: bind ?? config.fleet.bind,
            settings: CoordinatorSettings(
                coordinatorID: "hsconas-\(config.name)", heartbeatMs: config.fleet.heartbeatMs,
                security: try security ?? config.fleet.security?.load()),
            logger: logger)
        listening(coordinator.endpoint)
        let workers = LocalWorkerProcesses(logger: logger)
        do {
            let outcome = try await search(
                coordinator: coordinator, workers: workers, store: store, directory: directory, started: started,
                models: models, progress: progress)
            await coordinator.shutdown()
            await workers.terminate()
            return outcome
        } catch {
            await coordinator.shutdown()
            await workers.terminate()
            throw error
        }
    }

    private func search(
        coordinator: FleetCoordinator, workers: LocalWorkerProcesses, store: RunStore, directory: URL,
        started: ContinuousClock.Instant, models: [String: ScreeningLatencyModel], progress: (SearchProgress) -> Void
    ) async throws -> (SearchResult, URL) {
        if spawnLocalWorkers {
            try workers.start(
                localWorkerSpecs(), executable: LocalWorkerProcesses.currentExecutable(),
                coordinator: coordinator.endpoint, heartbeatMs: config.fleet.heartbeatMs,
                simulatedDelayMs: config.fleet.simulatedDelayMs, measurement: config.fleet.measurement,
                security: config.fleet.security, logDirectory: directory.appendingPathComponent("workers"))
        }

        let space = NB201Space()
        let driver = try FleetSearchDriver(
            space: space, dataset: config.dataset, store: store, coordinator: coordinator, logger: logger, models: models)
        driver.jobDeadlineMs = config.fleet.jobDeadlineMs
        let strategy = startingStrategy(store: store, space: space)
        let finished = try await Self.drive(strategy, driver: driver, budget: config.budget, progress: progress)
        // With latency models some figures are predictions: the answer is the best candidate whose
        // latency holds when measured for real.
        let chosen: (Architecture, Double)? =
            models.isEmpty
            ? finished.incumbent.flatMap { incumbent in incumbent.accuracy.map { (incumbent.architecture, $0) } }
            : await driver.confirmBest(targets: config.searchSettings.targets)

        let oracle = try NB201Oracle(table: table, dataset: config.dataset)
        let result = try buildResult(
            strategy: finished, chosen: chosen, driver: driver, oracle: oracle, store: store,
            wallSeconds: (ContinuousClock.now - started).seconds)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let json = try encoder.encode(result)
        try json.write(to: directory.appendingPathComponent("result.json"))
        try store.finishRun(result: String(decoding: json, as: UTF8.self))
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
        for target in config.targets where target.runtime != "remote" {
            // Measuring workers share this machine's CPUs, so one per device measures at a time.
            let copies = target.isReplayed ? config.fleet.workersPerDevice : min(config.fleet.workersPerDevice, 1)
            for copy in 0..<copies {
                specs.append(
                    LocalWorkerSpec(
                        name: "\(target.device)-\(copy + 1)", device: target.device, kinds: ["latency"], capacity: 1,
                        runtime: target.runtime, threads: target.threads, cores: target.cores))
            }
        }
        for copy in 0..<config.fleet.accuracyWorkers {
            specs.append(LocalWorkerSpec(name: "accuracy-\(copy + 1)", device: nil, kinds: ["accuracy"], capacity: 16))
        }
        return specs
    }

    /// Each target's screening model, from the operator table in its profile store.
    private func latencyModels(space: NB201Space) throws -> [String: ScreeningLatencyModel] {
        var models: [String: ScreeningLatencyModel] = [:]
        for (index, target) in config.targets.enumerated() where target.model != nil {
            let path = target.profile ?? ""
            let records: [OperatorProfileRecord]
            do {
                guard FileManager.default.fileExists(atPath: path) else { throw StoreError(path: path, message: "no such file") }
                records = try RunStore(path: path).profiles(space: space.name, device: target.device)
            } catch {
                throw ConfigError(field: "targets[\(index)].profile", "\(error)")
            }
            guard !records.isEmpty else {
                throw ConfigError(
                    field: "targets[\(index)].profile",
                    "'\(path)' has no \(space.name) operator table for '\(target.device)'; "
                        + "run 'hsconas profile --space \(space.name) --device \(target.device) --store \(path)' first")
            }
            models[target.device] = ScreeningLatencyModel(
                device: target.device, limit: target.maxLatencyMs, band: target.band,
                table: Dictionary(records.map { ($0.signature, $0.latencyMs) }, uniquingKeysWith: { first, _ in first }),
                space: space)
        }
        return models
    }

    private func buildResult(
        strategy: any SearchStrategy, chosen: (Architecture, Double)?, driver: FleetSearchDriver, oracle: NB201Oracle,
        store: RunStore, wallSeconds: Double
    ) throws -> SearchResult {
        let space = NB201Space()
        // The best cell with the figures the fleet reported for it, sources included.
        let best = try chosen.flatMap { architecture, accuracy throws -> SearchResult.Cell? in
            let name = space.format(architecture)
            let records = try store.evaluations(space: space.name, architecture: name)
            func figure(_ metric: String, device: String) -> SearchResult.Figure? {
                guard let record = records.first(where: { $0.metric == metric && $0.device == device }),
                    let value = record.value, let source = record.source
                else { return nil }
                return SearchResult.Figure(value: value, source: source.rawValue)
            }
            var latency: [String: SearchResult.Figure] = [:]
            for target in config.targets { latency[target.device] = figure(MetricKey.latency, device: target.device) }
            return SearchResult.Cell(
                architecture: name, index: table.index(of: architecture),
                validAccuracy: accuracy, testAccuracy: figure(MetricKey.testAccuracy, device: "")?.value,
                accuracySource: figure(MetricKey.validAccuracy, device: "")?.source ?? "unknown", latencyMs: latency)
        }
        // The exhaustive optimum, straight from the benchmark table. Measured devices have no table
        // column, so it is taken under the replayed targets only: an upper bound on what the
        // search could reach, which makes the regret an upper bound too.
        let replayed = config.targets.filter(\.isReplayed)
        let optimum = try oracle.optimum(limits: replayed.map { ($0.device, $0.maxLatencyMs) }).map { found in
            var latency: [String: SearchResult.Figure] = [:]
            for target in replayed {
                latency[target.device] = (try? oracle.latency(found.architecture, device: target.device))
                    .map { SearchResult.Figure(value: $0, source: EvaluationSource.replay.rawValue) }
            }
            return SearchResult.Cell(
                architecture: space.format(found.architecture), index: found.index, validAccuracy: found.validAccuracy,
                testAccuracy: oracle.testAccuracy(found.architecture), accuracySource: EvaluationSource.table.rawValue,
                latencyMs: latency)
        }
        let regret: Double? =
            switch (best, optimum) {
            case (let best?, let optimum?): optimum.validAccuracy - best.validAccuracy
            case (nil, let optimum?): optimum.validAccuracy
            default: nil
            }
        return SearchResult(
            run: config.name, strategy: config.strategy.rawValue, seed: config.seed, dataset: config.dataset.rawValue,
            targets: config.targets, best: best, optimum: optimum, regretValid: regret,
            optimumScope: replayed.count == config.targets.count
                ? "all targets"
                : "replayed targets only (\(config.targets.filter { !$0.isReplayed }.map(\.device).joined(separator: ", ")) measured: "
                    + "no table column), so the regret is an upper bound",
            accuracyEvaluations: strategy.accuracyEvaluations, latencyLookups: driver.latencyLookups,
            candidates: strategy.candidatesSeen, generations: strategy.generation, failedJobs: driver.failedJobs,
            wallSeconds: wallSeconds,
            shrinkLog: strategy.shrinkLog.map {
                SearchResult.Shrink(
                    generation: $0.generation, position: $0.positionName, dropped: $0.choiceName, score: $0.score,
                    spaceSizeBefore: $0.spaceSizeBefore, spaceSizeAfter: $0.spaceSizeAfter)
            },
            store: store.path,
            latencyModels: driver.models.isEmpty ? nil : driver.models.mapValues { model in
                SearchResult.ModelUse(
                    screened: model.screened, measured: model.measurements, a: model.correction.a, b: model.correction.b,
                    band: model.band)
            })
    }
}
