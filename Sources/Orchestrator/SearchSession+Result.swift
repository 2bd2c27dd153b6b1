import BenchmarkData
import Fleet
import Foundation
import Search
import SearchSpace
import Store

/// What a finished search writes: `search-log.json` and the result.
extension SearchSession {
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

    func buildResult(
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
        let evaluations = try store.evaluations()
        return SearchResult(
            run: config.name, space: space.name, strategy: config.strategy.rawValue, seed: config.seed,
            dataset: config.isSPOS ? nil : config.dataset.rawValue, constraint: config.constraint.rawValue,
            targets: config.targets, best: best, optimum: optimum, regretValid: regret, optimumScope: scope,
            accuracyEvaluations: strategy.accuracyEvaluations,
            accuracyEvaluationsInAll: config.searchSettings.budgetCountsInfeasible
                ? nil : evaluations.count { $0.metric == driver.accuracyMetric && $0.value != nil },
            latencyLookups: driver.latencyLookups,
            candidates: strategy.candidatesSeen, generations: strategy.generation, failedJobs: driver.failedJobs,
            wallSeconds: wallSeconds, shrinkLog: log.shrinks, spaceSize: log.spaceSize,
            channelScaling: config.usesChannelScaling && config.strategy == .hsconas
                ? SearchResult.ChannelScaling(
                    count: log.channelScaling.count, examples: Array(log.channelScaling.prefix(3)), log: Self.searchLogFile)
                : nil,
            lambdaTrajectory: config.constraint == .lambda ? log.lambda : nil,
            store: store.path,
            latencyModels: driver.models.isEmpty ? nil : driver.models.mapValues(\.use),
            measurements: driver.measuredDevices.isEmpty
                ? nil : Dictionary(uniqueKeysWithValues: driver.measuredDevices.map { ($0, driver.measurements[$0, default: 0]) }),
            stoppedBy: driver.stoppedBy,
            endedBy: driver.stoppedBy == nil ? strategy.endReason : nil,
            deviceCost: DeviceCost.tally(evaluations, devices: config.targets.map(\.device)))
    }
}
