import ArgumentParser
import BenchmarkData
import Engine
import Evaluators
import Foundation
import LatencyModel
import Measurement
import SearchSpace

/// `hsconas bench proxy`: how well the NASWOT proxy ranks nb201 cells, and what it costs.
struct BenchProxyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "proxy",
        abstract: "NASWOT proxy vs NAS-Bench-201 accuracy (Kendall τ, Spearman ρ) and time per network.",
        discussion: """
            Scores --cells nb201 cells (a seeded sample; 15625 = all) with the NASWOT proxy for every \
            --batches × --proxy-seeds pair, and prints Kendall's τ and Spearman's ρ between the scores and \
            the table's --dataset validation accuracy, over all sampled cells and over the cells whose \
            accuracy is above 15 % (cells whose output is cut off by 'none' edges score 10 % and are easy \
            to rank). Then times the proxy on --spos-networks random spos networks for every --spos-batches \
            value. Inputs are seeded standard Gaussian noise, not CIFAR images; weights are \
            NetworkWeights(seed); the engine's products run on --threads thread(s). NASWOT's paper reports \
            Spearman ≈ 0.78 on NAS-Bench-201 CIFAR-10 with real images.
            """)

    @Option(help: "nb201 cells to score (15625: all).") var cells = 1000
    @Option(help: "Seed of the cell sample and of the spos networks.") var seed: UInt64 = 0
    @Option(help: "Proxy batch sizes for nb201, comma-separated.") var batches = "64"
    @Option(help: "Proxy seeds (weights and inputs), comma-separated.") var proxySeeds = "0"
    @Option(help: "Accuracy column: cifar10, cifar100 or imagenet16-120.") var dataset = "cifar10"
    @Option(help: "Random spos networks to time (0: none).") var sposNetworks = 5
    @Option(help: "Proxy batch sizes for spos, comma-separated.") var sposBatches = "8,16,32"
    @Option(help: "Threads of the engine's matrix products (oneDNN on x86-64, OpenBLAS elsewhere).") var threads = 1
    @Option(help: "Batch norm for nb201, comma-separated: batch (the batch's statistics, the proxy's default) or folded (stored statistics).")
    var batchNorm = "batch"

    func validate() throws {
        guard (2...NB201Space.cellCount).contains(cells) else {
            throw ValidationError("--cells \(cells) must be between 2 and \(NB201Space.cellCount)")
        }
        guard threads >= 1 else { throw ValidationError("--threads \(threads) must be at least 1") }
        guard sposNetworks >= 0 else { throw ValidationError("--spos-networks \(sposNetworks) must not be negative") }
        _ = try Self.list(batches, "--batches", Int.init)
        _ = try Self.list(proxySeeds, "--proxy-seeds", UInt64.init)
        _ = try Self.list(sposBatches, "--spos-batches", Int.init)
        _ = try Self.list(batchNorm, "--batch-norm", Self.mode)
        guard NB201Dataset(rawValue: dataset) != nil else {
            throw ValidationError("--dataset '\(dataset)' is unknown (expected \(NB201Dataset.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
    }

    /// A comma-separated flag value, each item parsed by `parse` (``CommaSeparated``), errors naming the flag.
    static func list<Value>(_ text: String, _ flag: String, _ parse: (String) -> Value?) throws -> [Value] {
        do {
            return try CommaSeparated.values(text, expected: "a valid value", parse)
        } catch let error as ValidationError {
            throw ValidationError("\(flag) '\(text)': \(error.message)")
        }
    }

    func run() throws {
        BLASThreads.limit(to: threads)
        let table = try TableLoader.load()
        guard let datasetValue = NB201Dataset(rawValue: dataset) else { throw CommandFailure("--dataset '\(dataset)' is unknown") }
        let oracle: NB201Oracle
        do {
            oracle = try NB201Oracle(table: table, dataset: datasetValue)
        } catch {
            throw CommandFailure(error.message)
        }
        let space = NB201Space()
        var codes = Array(0..<NB201Space.cellCount)
        var generator = SeededGenerator(seed: seed)
        codes.shuffle(using: &generator)
        let sample = codes.prefix(cells).map(NB201Space.architecture(code:))
        let accuracies = sample.map(oracle.validAccuracy)
        let graphs = try sample.map { try space.network(for: $0) }
        Console.line("NASWOT proxy on \(sample.count) nb201 cells (sample seed \(seed)), \(dataset) validation accuracy")
        Console.line("input gaussian(0,1), weights NetworkWeights(seed), engine threads \(threads), CPU \(CPUInfo.model)")
        Console.line("bn      batch  seed    τ all   ρ all   τ >15%  ρ >15%   ms/cell (median)  total s")
        let clock = ContinuousClock()
        let configurations = try Self.list(batchNorm, "--batch-norm", Self.mode).flatMap { mode in
            try Self.list(batches, "--batches", Int.init).flatMap { batch in
                try Self.list(proxySeeds, "--proxy-seeds", UInt64.init).map { (mode, batch, $0) }
            }
        }
        for (mode, batch, proxySeed) in configurations {
            let proxy: NASWOTProxy
            do {
                proxy = try NASWOTProxy(batch: batch, seed: proxySeed, batchNorm: mode)
            } catch {
                throw CommandFailure(error.description)
            }
            var scores: [Double] = []
            var times: [Double] = []
            let start = clock.now
            for graph in graphs {
                let begin = clock.now
                scores.append(try proxy.score(graph).score)
                times.append((clock.now - begin).milliseconds)
            }
            let total = (clock.now - start).milliseconds / 1000
            let alive = accuracies.indices.filter { accuracies[$0] > 15 }
            let tauAll = RankCorrelation.kendallTau(scores, accuracies)
            let rhoAll = RankCorrelation.spearmanRho(scores, accuracies)
            let tauAlive = RankCorrelation.kendallTau(alive.map { scores[$0] }, alive.map { accuracies[$0] })
            let rhoAlive = RankCorrelation.spearmanRho(alive.map { scores[$0] }, alive.map { accuracies[$0] })
            Console.line(
                "\((mode == .folded ? "folded" : "batch").padded(6))  \(String(batch).padded(5))  \(String(proxySeed).padded(4))  \(Self.f(tauAll))  \(Self.f(rhoAll))  "
                    + "\(Self.f(tauAlive))  \(Self.f(rhoAlive))   \(Self.f(RankCorrelation.median(times), 1).padded(16))  \(Self.f(total, 1))")
        }
        guard sposNetworks > 0 else { return }
        let spos = SPOSSpace()
        var networkGenerator = SeededGenerator(seed: seed)
        let networks = try (0..<sposNetworks).map { _ in
            try spos.network(for: Architecture(genes: spos.positions.map { Int.random(in: 0..<$0.choices.count, using: &networkGenerator) }))
        }
        Console.line("\nspos: \(sposNetworks) random networks (seed \(seed)), 224×224")
        Console.line("batch  ms/network (median)  min    max")
        for batch in try Self.list(sposBatches, "--spos-batches", Int.init) {
            let proxy: NASWOTProxy
            do {
                proxy = try NASWOTProxy(batch: batch, seed: 0)
            } catch {
                throw CommandFailure(error.description)
            }
            var times: [Double] = []
            for graph in networks {
                let begin = clock.now
                _ = try proxy.score(graph)
                times.append((clock.now - begin).milliseconds)
            }
            Console.line(
                "\(String(batch).padded(5))  \(Self.f(RankCorrelation.median(times), 1).padded(20))  "
                    + "\(Self.f(times.min() ?? 0, 1).padded(5))  \(Self.f(times.max() ?? 0, 1))")
        }
    }

    static func mode(_ text: String) -> BatchNormMode? {
        switch text {
        case "batch": .batchStatistics
        case "folded": .folded
        default: nil
        }
    }

    static func f(_ value: Double, _ digits: Int = 3) -> String {
        let text = String(format: "%.\(digits)f", value)
        return value < 0 ? text : " " + text
    }
}

extension Duration {
    fileprivate var milliseconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) * 1000 + Double(attoseconds) / 1e15
    }
}

extension String {
    fileprivate func padded(_ width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
