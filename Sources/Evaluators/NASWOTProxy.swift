import Engine
import Foundation
import SearchSpace

/// NASWOT (Mellor et al., "Neural Architecture Search without Training", ICML 2021): a
/// training-free score of an untrained network, `log det K` of the kernel of its binary ReLU
/// activation patterns over a batch. A **proxy**, not an accuracy: it ranks networks, it does not
/// predict what they reach when trained.
///
/// The network is built with ``NetworkWeights`` from `seed` and, by default, its batch norms use
/// the batch's statistics (training mode at initialisation, as NASWOT scores a fresh PyTorch
/// network); the input is a seeded standard Gaussian (no dataset images are needed or used). Everything is drawn from `seed`, and the
/// kernel is integer counts, so the same network, batch and seed give the same score bit for bit.
public struct NASWOTProxy: Sendable {
    /// Inputs scored together (the kernel is `batch × batch`).
    public let batch: Int
    /// Draws the weights and the input.
    public let seed: UInt64
    /// How batch norms normalise: the batch's statistics (default) or the stored ones folded.
    public let batchNorm: BatchNormMode

    /// The input this proxy feeds, as recorded with every score.
    public static let inputDescription = "gaussian(0,1)"

    /// Throws, naming `proxy_batch`, unless `batch` is between 2 and 1024.
    public init(batch: Int, seed: UInt64, batchNorm: BatchNormMode = .batchStatistics) throws(EvaluatorError) {
        guard (2...1024).contains(batch) else {
            throw EvaluatorError(field: "proxy_batch", reason: "\(batch) must be between 2 and 1024")
        }
        self.batch = batch
        self.seed = seed
        self.batchNorm = batchNorm
    }

    /// `batch statistics` or `folded`, as recorded with every score.
    public var batchNormDescription: String { batchNorm == .batchStatistics ? "batch statistics" : "folded" }

    /// Scores `graph`: one forward pass of `batch` seeded Gaussian inputs through the network with
    /// weights from `seed`, every ReLU's on/off pattern folded into the kernel as the pass goes.
    public func score(_ graph: NetworkGraph) throws(EngineError) -> NASWOTScore {
        let network = try CompiledNetwork(graph: graph, weights: NetworkWeights(graph: graph, seed: seed), batch: batch, batchNorm: batchNorm)
        try network.setInput(Self.gaussianInput(count: network.inputCount, seed: seed))
        var kernel = NASWOTKernel(batch: batch)
        network.run { kernel.add($0) }
        return NASWOTScore(score: kernel.score, units: kernel.units, layers: kernel.layers)
    }

    /// Scores `architecture` of `space` (its network at the space's standard input).
    public func score(_ architecture: Architecture, in space: any NetworkSpace) throws -> NASWOTScore {
        try score(try space.network(for: architecture))
    }

    /// `count` standard normal values from `seed` (Box–Muller over the project's xoshiro stream;
    /// a stream distinct from the weights').
    static func gaussianInput(count: Int, seed: UInt64) -> [Float] {
        var generator = SeededGenerator(seed: seed ^ 0x5EED_1A9B_0000_0001)
        var values: [Float] = []
        values.reserveCapacity(count + 1)
        while values.count < count {
            let u1 = max(generator.unit(), 0x1p-53)
            let u2 = generator.unit()
            let radius = (-2 * log(u1)).squareRoot()
            values.append(Float(radius * cos(2 * .pi * u2)))
            values.append(Float(radius * sin(2 * .pi * u2)))
        }
        return Array(values.prefix(count))
    }
}
