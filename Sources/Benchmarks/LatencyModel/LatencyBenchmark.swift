import LatencyModel
import Measurement

/// `hsconas bench latency`: the per-position regression and the MLP fitted on N networks of
/// each device of each table, scored on all the others, median over seeds.
public enum LatencyBenchmark {
    /// Runs every (table, device) pair, `parallelism` at a time; `progress` hears each finished
    /// pair as `space device`. Cells come back sorted by space (in `tables` order), device, N, model.
    /// `mlp` shapes and trains the MLPs (its seed is replaced by each run's).
    public static func run(
        tables: [LatencyBenchmarkData], sizes: [Int], seeds: Int, parallelism: Int, mlp: MLPSettings = MLPSettings(),
        progress: @escaping @Sendable (String) -> Void = { _ in }
    ) async throws(LatencyModelError) -> [LatencyBenchmarkCell] {
        for table in tables {
            guard let largest = sizes.max(), largest < table.architectures.count else {
                throw LatencyModelError(
                    "training sizes \(sizes) leave no \(table.spaceName) network to score on (it has \(table.architectures.count))")
            }
        }
        let jobs = tables.flatMap { table in table.devices.map { (table, $0) } }
        let results = await withTaskGroup(of: Result<[LatencyBenchmarkCell], LatencyModelError>.self) { group in
            var pending = jobs.makeIterator()
            func addNext() {
                guard let (table, device) = pending.next() else { return }
                group.addTask {
                    let result = Result { () throws(LatencyModelError) in
                        try cells(table: table, device: device, sizes: sizes, seeds: seeds, mlp: mlp)
                    }
                    progress("\(table.spaceName) \(device)")
                    return result
                }
            }
            for _ in 0..<max(parallelism, 1) { addNext() }
            var collected: [Result<[LatencyBenchmarkCell], LatencyModelError>] = []
            for await result in group {
                collected.append(result)
                addNext()
            }
            return collected
        }
        var all: [LatencyBenchmarkCell] = []
        for result in results { all += try result.get() }
        let spaceOrder = Dictionary(tables.enumerated().map { ($1.spaceName, $0) }, uniquingKeysWith: { first, _ in first })
        return all.sorted { lhs, rhs in
            (spaceOrder[lhs.space] ?? 0, lhs.device, lhs.samples, lhs.model == .table ? 0 : 1)
                < (spaceOrder[rhs.space] ?? 0, rhs.device, rhs.samples, rhs.model == .table ? 0 : 1)
        }
    }

    /// Every N and model on one device of one table.
    static func cells(
        table: LatencyBenchmarkData, device: String, sizes: [Int], seeds: Int, mlp: MLPSettings
    ) throws(LatencyModelError) -> [LatencyBenchmarkCell] {
        let samples = table.samples(device: device)
        var cells: [LatencyBenchmarkCell] = []
        for size in sizes {
            var scores: [LatencyModelKind: [LatencyScore]] = [:]
            for seed in 0..<UInt64(seeds) {
                // The split depends on the seed only, so every device is fitted on the same networks.
                let split = LatencySplit(rowCount: samples.count, trainingCount: size, seed: seed)
                let training = split.training.map { samples[$0] }
                let heldOut = split.heldOut.map { samples[$0] }
                for kind in LatencyModelKind.allCases {
                    var settings = mlp
                    settings.seed = seed
                    var model = kind.makeModel(layout: table.layout, mlp: settings)
                    try model.fit(training)
                    scores[kind, default: []].append(model.score(heldOut))
                }
            }
            for kind in LatencyModelKind.allCases {
                let runs = scores[kind] ?? []
                cells.append(
                    LatencyBenchmarkCell(
                        space: table.spaceName, device: device, samples: size, model: kind, seeds: seeds,
                        within10: RankCorrelation.median(runs.map(\.within10)),
                        kendallTau: RankCorrelation.median(runs.map(\.kendallTau)),
                        mape: RankCorrelation.median(runs.map(\.mape)),
                        rmse: RankCorrelation.median(runs.map(\.rmse))))
            }
        }
        return cells
    }
}
