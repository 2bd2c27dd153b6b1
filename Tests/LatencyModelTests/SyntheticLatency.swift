import LatencyModel
import SearchSpace

/// Known latency functions on random genomes, for checking what a model recovers.
struct SyntheticLatency {
    let layout: OneHotLayout
    let constant: Double
    /// Cost per (position, choice), by one-hot column.
    let costs: [Double]

    /// Random costs 0.1…2 ms per choice, a 3 ms constant.
    init(choiceCounts: [Int], seed: UInt64) {
        layout = OneHotLayout(choiceCounts: choiceCounts)
        var generator = SeededGenerator(seed: seed)
        costs = (0..<layout.width).map { _ in 0.1 + 1.9 * generator.unit() }
        constant = 3
    }

    func additive(_ architecture: Architecture) -> Double {
        layout.columns(architecture).reduce(constant) { $0 + costs[$1] }
    }

    /// `count` distinct random genomes.
    func architectures(_ count: Int, seed: UInt64) -> [Architecture] {
        var generator = SeededGenerator(seed: seed)
        var seen = Set<Architecture>()
        var result: [Architecture] = []
        while result.count < count {
            let architecture = Architecture(genes: layout.choiceCounts.map { Int(generator.next() % UInt64($0)) })
            if seen.insert(architecture).inserted { result.append(architecture) }
        }
        return result
    }

    func samples(_ architectures: [Architecture], _ latency: (Architecture) -> Double) -> [LatencySample] {
        architectures.map { LatencySample(architecture: $0, latencyMs: latency($0)) }
    }
}
