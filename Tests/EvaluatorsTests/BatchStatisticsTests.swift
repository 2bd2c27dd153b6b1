import Engine
import Foundation
import SearchSpace
import Testing

/// The engine's training-mode batch norm (``BatchNormMode/batchStatistics``), which the proxy uses.
@Suite("batch statistics")
struct BatchStatisticsTests {
    @Test("a batch norm with batch statistics gives every channel mean 0 and variance 1 over the batch")
    func normalises() throws {
        var builder = NetworkGraphBuilder()
        let input = builder.input(TensorShape(channels: 3, height: 4, width: 5))
        let conv = try builder.convolution("c", input, outChannels: 4, kernel: 3)
        let norm = try builder.batchNorm("bn", conv)
        let relu = try builder.relu("r", norm)  // fused with c and bn: the engine splits it out again
        let standalone = try builder.batchNorm("bn2", relu)
        let graph = try builder.graph(output: standalone)
        let batch = 6
        let network = try CompiledNetwork(
            graph: graph, weights: NetworkWeights(graph: graph, seed: 1), batch: batch, batchNorm: .batchStatistics)
        var generator = SeededGenerator(seed: 2)
        // Offset and scaled inputs: the stored statistics could not normalise them, the batch's do.
        try network.setInput((0..<network.inputCount).map { _ in Float(generator.unit() * 6 + 3) })
        var rectified: [[Float]] = []
        network.run { activation in rectified = (0..<batch).map { Array(activation.sample($0)) } }
        let plane = 20
        // After the fused ReLU: each channel was normalised, so about half its values are positive.
        for channel in 0..<4 {
            let values: [Float] = rectified.flatMap { $0[channel * plane..<(channel + 1) * plane] }
            let positive: Double = Double(values.filter { $0 > 0 }.count) / Double(values.count)
            #expect(positive > 0.2 && positive < 0.8, "channel \(channel): \(positive) positive")
        }
        // The standalone batch norm's output (the network's): mean 0, variance 1 per channel.
        let output = network.output
        for channel in 0..<4 {
            var values: [Double] = []
            for sample in 0..<batch {
                let start: Int = (sample * 4 + channel) * plane
                values += output[start..<start + plane].map { Double($0) }
            }
            let count = Double(values.count)
            let mean: Double = values.reduce(0, +) / count
            let variance: Double = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / count
            #expect(abs(mean) < 1e-4, "channel \(channel) mean \(mean)")
            #expect(abs(variance - 1) < 1e-3, "channel \(channel) variance \(variance)")
        }
    }
}
