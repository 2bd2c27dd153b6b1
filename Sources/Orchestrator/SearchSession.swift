import BenchmarkData
import Fleet
import Foundation
import Logging
import Search
import SearchSpace
import Store
import ZeroMQ

/// One whole search: a fresh store, a coordinator, optionally local worker processes, the
/// targets' operator tables profiled through the fleet where they are missing (spos), the
/// strategy driven to its end, and the result (`result.json`, `search-log.json`) written next
/// to the store.
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
    /// `profiling` gets (device, operators profiled, operators missing) while a target's operator
    /// table is completed through the fleet before the search starts.
    public func run(
        listening: (String) -> Void, progress: (SearchProgress) -> Void,
        profiling: (String, Int, Int) -> Void = { _, _, _ in }
    ) async throws -> (SearchResult, URL) {
        let started = ContinuousClock.now
        let space = try SearchSpaces.named(config.space)
        // Profile stores are opened before anything is written: a bad profile leaves no run behind.
        let profiles = try profileStores(space: space)
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
                space: space, coordinator: coordinator, workers: workers, store: store, directory: directory,
                started: started, profiles: profiles, progress: progress, profiling: profiling)
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
        space: any NetworkSpace, coordinator: FleetCoordinator, workers: LocalWorkerProcesses, store: RunStore,
        directory: URL, started: ContinuousClock.Instant, profiles: [ProfileStore], progress: (SearchProgress) -> Void,
        profiling: (String, Int, Int) -> Void
    ) async throws -> (SearchResult, URL) {
        if spawnLocalWorkers {
            try workers.start(
                localWorkerSpecs(), executable: LocalWorkerProcesses.currentExecutable(),
                coordinator: coordinator.endpoint, heartbeatMs: config.fleet.heartbeatMs,
                simulatedDelayMs: config.fleet.simulatedDelayMs, measurement: config.fleet.measurement,
                security: config.fleet.security, logDirectory: directory.appendingPathComponent("workers"))
        }

        let models = try await latencyModels(
            space: space, profiles: profiles, coordinator: coordinator, progress: profiling)
        let driver = try FleetSearchDriver(
            space: space, dataset: config.isSPOS ? nil : config.dataset, store: store, coordinator: coordinator,
            logger: logger, models: models,
            accuracyMetric: config.accuracyEvaluator == "proxy" ? MetricKey.proxyScore : MetricKey.validAccuracy)
        driver.accuracySettings = config.accuracySettings
        driver.jobDeadlineMs = config.fleet.jobDeadlineMs
        let strategy = startingStrategy(store: store, space: space)
        let finished = try await Self.drive(strategy, driver: driver, budget: config.budget, progress: progress)
        // With latency models some figures are predictions: the answer is the best candidate whose
        // latency holds when measured for real.
        let chosen: (Architecture, Double)? =
            models.isEmpty
            ? finished.incumbent.flatMap { incumbent in incumbent.accuracy.map { (incumbent.architecture, $0) } }
            : await driver.confirmBest(targets: config.searchSettings.targets)

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
                    name: "accuracy-\(copy + 1)", device: nil, kinds: ["accuracy"], capacity: evaluator == "table" ? 16 : 1,
                    evaluator: evaluator, evaluatorCommand: config.fleet.evaluatorCommand))
        }
        return specs
    }

    /// A target's operator-table store, opened before the run starts.
    struct ProfileStore {
        var target: TargetConfig
        var index: Int
        var store: RunStore
        /// Signatures still to profile (spos); empty when the table is complete.
        var missing: [String]
    }

    /// Where a target's operator table lives: its `profile`, else (spos) `<output>/profiles.sqlite`,
    /// shared by every search writing to the same output folder, so a table is profiled once.
    public func profilePath(of target: TargetConfig) -> String {
        target.profile ?? URL(fileURLWithPath: output ?? config.output).appendingPathComponent("profiles.sqlite").path
    }

    /// Opens every screened target's profile store and finds what its table lacks. nb201 needs a
    /// complete store profiled beforehand; spos creates a missing store and lists the operators to profile.
    private func profileStores(space: any NetworkSpace) throws -> [ProfileStore] {
        var stores: [ProfileStore] = []
        for (index, target) in config.targets.enumerated() where target.usesModel(spos: config.isSPOS) {
            let path = profilePath(of: target)
            let field = "targets[\(index)].profile"
            do {
                if config.isSPOS {
                    try FileManager.default.createDirectory(
                        at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
                } else {
                    guard FileManager.default.fileExists(atPath: path) else { throw StoreError(path: path, message: "no such file") }
                }
                let store = try RunStore(path: path)
                if config.isSPOS {
                    let (missing, _) = try OperatorProfiler.missing(space: space, device: target.device, store: store)
                    stores.append(ProfileStore(target: target, index: index, store: store, missing: missing))
                } else {
                    guard !(try store.profiles(space: space.name, device: target.device)).isEmpty else {
                        throw ConfigError(
                            field: field,
                            "'\(path)' has no \(space.name) operator table for '\(target.device)'; "
                                + "run 'hsconas profile --space \(space.name) --device \(target.device) --store \(path)' first")
                    }
                    stores.append(ProfileStore(target: target, index: index, store: store, missing: []))
                }
            } catch let error as ConfigError {
                throw error
            } catch {
                throw ConfigError(field: field, "'\(path)': \(error)")
            }
        }
        return stores
    }

    /// Each screened target's model, from its operator table; missing operators are profiled first
    /// through the fleet by the device's workers (which must take `profile` jobs).
    private func latencyModels(
        space: any NetworkSpace, profiles: [ProfileStore], coordinator: FleetCoordinator,
        progress: (String, Int, Int) -> Void
    ) async throws -> [String: ScreeningLatencyModel] {
        let requests = profiles.filter { !$0.missing.isEmpty }.map {
            OperatorProfiler.Request(device: $0.target.device, store: $0.store, missing: $0.missing)
        }
        if !requests.isEmpty {
            logger.info(
                "profiling operator tables", metadata: ["operators": "\(requests.map { "\($0.device) \($0.missing.count)" })"])
            // The driver takes over the coordinator's events afterwards; one reader at a time.
            var events = coordinator.events.makeAsyncIterator()
            let outcomes = try await OperatorProfiler.profile(
                requests, space: space, coordinator: coordinator, events: &events, logger: logger, progress: progress)
            for (device, outcome) in outcomes.sorted(by: { $0.key < $1.key }) {
                guard let (signature, error) = outcome.failed.min(by: { $0.key < $1.key }) else { continue }
                throw FleetLaunchError(
                    "profiling \(outcome.failed.count) operators of '\(device)' failed (e.g. \(signature): \(error)); "
                        + "the search needs its whole table")
            }
        }
        // spos networks are keyed without building them (dynamic channel scaling predicts often).
        var signatures: (@Sendable (Architecture) -> [String])?
        if config.isSPOS {
            let index = try SPOSSignatureIndex()
            signatures = { index.signatures(of: $0) }
        }
        var models: [String: ScreeningLatencyModel] = [:]
        for profile in profiles {
            let records = try profile.store.profiles(space: space.name, device: profile.target.device)
            models[profile.target.device] = ScreeningLatencyModel(
                device: profile.target.device, limit: profile.target.maxLatencyMs, band: profile.target.band,
                table: Dictionary(records.map { ($0.signature, $0.latencyMs) }, uniquingKeysWith: { first, _ in first }),
                space: space, signatures: signatures)
        }
        return models
    }

    /// The file next to `result.json` with every scaling decision, λ update and shrink.
    public static let searchLogFile = "search-log.json"

    static func searchLog(_ strategy: any SearchStrategy, space: any SearchSpace) -> SearchLog {
        var sizes = [SearchResult.SpaceSize(generation: 0, size: space.size)]
        for shrink in strategy.shrinkLog {
            if sizes.last?.generation == shrink.generation {
                sizes[sizes.count - 1].size = shrink.spaceSizeAfter
            } else {
                sizes.append(SearchResult.SpaceSize(generation: shrink.generation, size: shrink.spaceSizeAfter))
            }
        }
        return SearchLog(
            channelScaling: strategy.scalingLog.map { SearchLog.Scaling($0, space: space) },
            lambda: strategy.lambdaLog.map(SearchLog.LambdaStep.init),
            shrinks: strategy.shrinkLog.map {
                SearchResult.Shrink(
                    generation: $0.generation, position: $0.positionName, dropped: $0.choiceName, score: $0.score,
                    spaceSizeBefore: $0.spaceSizeBefore, spaceSizeAfter: $0.spaceSizeAfter)
            },
            spaceSize: sizes)
    }

    private func buildResult(
        space: any SearchSpace, strategy: any SearchStrategy, log: SearchLog, chosen: (Architecture, Double)?,
        driver: FleetSearchDriver, oracle: NB201Oracle?, store: RunStore, wallSeconds: Double
    ) throws -> SearchResult {
        // The best architecture with the figures the fleet reported for it, sources included.
        let best = try chosen.flatMap { architecture, selected throws -> SearchResult.Cell? in
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
            let metric = driver.selectionMetric(of: name)
            return SearchResult.Cell(
                architecture: name, index: oracle == nil ? nil : table.index(of: architecture),
                validAccuracy: metric == MetricKey.validAccuracy ? selected : nil,
                testAccuracy: figure(MetricKey.testAccuracy, device: "")?.value,
                proxyScore: metric == MetricKey.proxyScore ? selected : nil,
                accuracySource: figure(metric, device: "")?.source ?? "unknown", latencyMs: latency)
        }
        // The exhaustive optimum, straight from the benchmark table (nb201 only). Measured devices
        // have no table column, so it is taken under the replayed targets only: an upper bound on
        // what the search could reach, which makes the regret an upper bound too.
        let replayed = config.targets.filter(\.isReplayed)
        let optimum = try oracle.flatMap { oracle in
            try oracle.optimum(limits: replayed.map { ($0.device, $0.maxLatencyMs) }).map { found in
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
        }
        let regret: Double? =
            switch (best?.validAccuracy, optimum?.validAccuracy) {
            case (let best?, let optimum?): optimum - best
            case (nil, let optimum?) where best == nil: optimum
            default: nil
            }
        let scope: String =
            if oracle == nil {
                "none: \(space.name) has no benchmark table"
            } else if replayed.count == config.targets.count {
                "all targets"
            } else {
                "replayed targets only (\(config.targets.filter { !$0.isReplayed }.map(\.device).joined(separator: ", ")) measured: "
                    + "no table column), so the regret is an upper bound"
            }
        return SearchResult(
            run: config.name, space: space.name, strategy: config.strategy.rawValue, seed: config.seed,
            dataset: config.isSPOS ? nil : config.dataset.rawValue, constraint: config.constraint.rawValue,
            targets: config.targets, best: best, optimum: optimum, regretValid: regret, optimumScope: scope,
            accuracyEvaluations: strategy.accuracyEvaluations, latencyLookups: driver.latencyLookups,
            candidates: strategy.candidatesSeen, generations: strategy.generation, failedJobs: driver.failedJobs,
            wallSeconds: wallSeconds, shrinkLog: log.shrinks, spaceSize: log.spaceSize,
            channelScaling: config.usesChannelScaling && config.strategy == .hsconas
                ? SearchResult.ChannelScaling(
                    count: log.channelScaling.count, examples: Array(log.channelScaling.prefix(3)), log: Self.searchLogFile)
                : nil,
            lambdaTrajectory: config.constraint == .lambda ? log.lambda : nil,
            store: store.path,
            latencyModels: driver.models.isEmpty ? nil : driver.models.mapValues { model in
                SearchResult.ModelUse(
                    screened: model.screened, measured: model.measurements, a: model.correction.a, b: model.correction.b,
                    band: model.band)
            })
    }
}
