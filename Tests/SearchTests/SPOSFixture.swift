import Foundation
import Search
import SearchSpace

/// A synthetic spos device and evaluator for the channel-scaling and λ tests.
///
/// Latency is additive over layers but not proportional to work: each stage runs its MACs at its
/// own speed and each block has a fixed cost, so channel scaling has real trade-offs to make.
struct SPOSFixture: CandidateLatencyPredictor {
    static let space = SPOSSpace()
    /// ms per million MACs, per stage.
    var msPerMegaMAC: [Double] = [0.048, 0.032, 0.024, 0.02]
    /// Fixed ms per block kind (k3, k5, k7, xc).
    var blockMs: [Double] = [0.05, 0.08, 0.12, 0.15]
    var device = "synthetic"

    func latency(_ architecture: Architecture) -> Double {
        var total = 1.0
        let genes = architecture.genes
        for layer in 0..<SPOSSpace.layerCount {
            let block = genes[2 * layer]
            let stage = SPOSSpace.stageOfLayer[layer]
            let layerWork = Self.layerWorks[layer][block][genes[2 * layer + 1]]
            total += blockMs[block] + msPerMegaMAC[stage] * layerWork / 1e6
        }
        return total
    }

    /// `layerWorks[layer][block][ratio]`, computed once.
    static let layerWorks: [[[Double]]] = (0..<SPOSSpace.layerCount).map { layer in
        (0..<SPOSSpace.blocks.count).map { block in
            (0..<SPOSSpace.ratios.count).map { ratio in layerWork(layer: layer, block: block, ratio: ratio) }
        }
    }

    func predictedLatencyMs(of architecture: Architecture, device: String) -> Double? {
        device == self.device ? latency(architecture) : nil
    }

    /// The work layer `layer` adds for (block, ratio), from the space's work function.
    static func layerWork(layer: Int, block: Int, ratio: Int) -> Double {
        var genes = [Int](repeating: 0, count: 2 * SPOSSpace.layerCount)
        let base = space.work(of: Architecture(genes: genes))
        genes[2 * layer] = block
        genes[2 * layer + 1] = ratio
        return space.work(of: Architecture(genes: genes)) - base + 1e6
    }

    /// Runs `strategy` to its end on this device (handing it as the predictor before every ask)
    /// and returns every told result.
    @discardableResult
    func run(_ strategy: inout HSCoNASEvolution, steps: Int = .max) -> [CandidateResult] {
        var told: [CandidateResult] = []
        var taken = 0
        while !strategy.isFinished, taken < steps {
            strategy.useLatencyPredictor(self)
            let batch = strategy.ask()
            if batch.isEmpty { break }
            let results = SearchDriver.evaluate(
                batch, targets: strategy.targets, infeasibleToo: strategy.needsAccuracyOfInfeasible,
                latency: { architecture, _ in latency(architecture) }, accuracy: Self.accuracy)
            told += results
            strategy.tell(results)
            taken += 1
        }
        return told
    }

    /// Accuracy grows with work (log) and prefers larger kernels a little.
    static func accuracy(_ architecture: Architecture) -> Double {
        let bonus = [0.0, 0.15, 0.25, 0.3]
        let blocks = (0..<SPOSSpace.layerCount).reduce(0.0) { $0 + bonus[architecture.genes[2 * $1]] }
        return 50 + 8 * log(space.work(of: architecture) / 1e8) + blocks
    }
}

/// Two synthetic devices that rank stages differently, for multi-target tests.
struct TwoDevicePredictor: CandidateLatencyPredictor {
    let first = SPOSFixture(device: "phone")
    let second = SPOSFixture(msPerMegaMAC: [0.016, 0.024, 0.036, 0.048], blockMs: [0.1, 0.1, 0.1, 0.1], device: "server")

    func predictedLatencyMs(of architecture: Architecture, device: String) -> Double? {
        first.predictedLatencyMs(of: architecture, device: device) ?? second.predictedLatencyMs(of: architecture, device: device)
    }
}
