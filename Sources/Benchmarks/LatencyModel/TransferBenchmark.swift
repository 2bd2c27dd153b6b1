import LatencyModel
import Measurement
import SearchSpace

/// `hsconas bench transfer`: leave-one-device-out on a benchmark table. For each device, N of its
/// networks are "measured" and every other device's whole column is known; the transfer model
/// (``FleetTransferRegression``) and the per-position regression from the same N networks
/// (``PositionTableRegression``) are scored on all the other networks, median over seeds.
public enum TransferBenchmark {
    /// The ``TransferBenchmarkCell/model`` of the fleet-transfer model's cells.
    public static let transfer = "transfer"
    /// The ``TransferBenchmarkCell/model`` of the per-position regression's cells.
    public static let perPosition = "per-position"

    /// Every device, N and model of `table`; `progress` hears each finished device. Cells are
    /// sorted by device, N, model.
    /// Every device of `leaving` (default: all) is left out in turn; the others stay known. The
    /// first `spikes` of each seed's N measured networks are multiplied by `spikeFactor` (measured
    /// during a load spike); the networks scored on keep their true latency.
    public static func run(
        table: LatencyBenchmarkData, sizes: [Int], seeds: Int, leaving: [String]? = nil, spikes: Int = 0,
        spikeFactor: Double = 1.8, progress: (String) -> Void = { _ in }
    ) throws(LatencyModelError) -> [TransferBenchmarkCell] {
        guard table.devices.count >= 2 else {
            throw LatencyModelError("the \(table.spaceName) table needs at least 2 devices to transfer between (it has \(table.devices.count))")
        }
        guard let largest = sizes.max(), largest < table.architectures.count, sizes.allSatisfy({ $0 >= 1 }) else {
            throw LatencyModelError("sample sizes \(sizes) must be at least 1 and leave \(table.spaceName) networks to score on")
        }
        let columns = table.devices.map { device in table.samples(device: device).map(\.latencyMs) }
        let rowOf = Dictionary(table.architectures.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        var cells: [TransferBenchmarkCell] = []
        for (target, device) in table.devices.enumerated() where leaving?.contains(device) ?? true {
            let others = columns.indices.filter { $0 != target }
            let samples = table.samples(device: device)
            for size in sizes {
                var scores: [String: [(rho: Double, tau: Double, within: Double)]] = [:]
                for seed in 0..<UInt64(seeds) {
                    let split = LatencySplit(rowCount: samples.count, trainingCount: size, seed: seed)
                    let heldOut = split.heldOut.map { samples[$0] }
                    let measured = heldOut.map(\.latencyMs)

                    var training = split.training.map { samples[$0] }
                    for index in training.indices.prefix(spikes) { training[index].latencyMs *= spikeFactor }
                    let referenceLatencies: @Sendable (Architecture) -> [Double]? = { architecture in
                        rowOf[architecture].map { row in others.map { columns[$0][row] } }
                    }
                    var model = FleetTransferRegression(referenceLatencies: referenceLatencies)
                    for sample in training { model.learn(sample.architecture, latencyMs: sample.latencyMs) }
                    let transferred = heldOut.map { model.predict($0.architecture)?.medianMs ?? .nan }
                    scores[transfer, default: []].append(score(transferred, measured))

                    var regression = PositionTableRegression(layout: table.layout)
                    try regression.fit(training)
                    scores[perPosition, default: []].append(score(heldOut.map { regression.predict($0.architecture) }, measured))
                }
                for model in [transfer, perPosition] {
                    let runs = scores[model] ?? []
                    cells.append(
                        TransferBenchmarkCell(
                            space: table.spaceName, device: device, samples: size, model: model, seeds: seeds,
                            spearmanRho: RankCorrelation.median(runs.map(\.rho)),
                            kendallTau: RankCorrelation.median(runs.map(\.tau)),
                            within10: RankCorrelation.median(runs.map(\.within))))
                }
            }
            progress("\(table.spaceName) \(device)")
        }
        return cells
    }

    private static func score(_ predicted: [Double], _ measured: [Double]) -> (rho: Double, tau: Double, within: Double) {
        let within = zip(predicted, measured).count { abs($0 - $1) <= 0.1 * $1 }
        return (
            RankCorrelation.spearmanRho(predicted, measured), RankCorrelation.kendallTau(predicted, measured),
            Double(within) / Double(max(1, measured.count))
        )
    }
}
