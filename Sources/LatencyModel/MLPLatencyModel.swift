import Foundation
import SearchSpace

/// LightNAS's latency predictor: the one-hot of every gene → 128 → 64 → 1, ReLU, trained with
/// Adam on mini-batches. Deterministic for a seed (weights and batch order come from
/// ``SeededGenerator``; the matrix products are OpenBLAS `sgemm`, single precision).
///
/// It regresses standardised latency by default (``MLPTarget/latency``), not its logarithm: a
/// network's latency is close to the sum of its operators' times, so latency is nearly additive
/// in the one-hot inputs and log-latency is not, and the strongly regularised network fits
/// nearly additive functions best. In a trial `bench latency` run (N = 50, 2 seeds) latency
/// scored better on 22 of the 27 NAS-Bench-201 devices (fpga: 94 % within ±10 % against 76 %;
/// the log also makes outliers of HW-NAS-Bench's near-zero pixel3/raspi4 latencies of pruned
/// cells) and the same on FBNet.
///
/// On the benchmark tables the per-position regression scores better than this model on nearly
/// every device with up to 500 samples; the MLP wins where latency is not a sum over positions
/// (NAS-Bench-201 on pixel3 and raspi4, whose runtime pruned unused edges). See BENCHMARKS.md.
///
/// OpenBLAS runs a product on all its threads once it is large enough; when fitting many models
/// side by side, set it to one thread (``BLASThreads/limit(to:)``), as the `latency` commands do.
public struct MLPLatencyModel: LatencyPredictor, Codable, Hashable {
    /// The one-hot inputs.
    public let layout: OneHotLayout
    /// Shape and training.
    public var settings: MLPSettings
    private var weights: MLPWeights?
    /// Mean and standard deviation of the training targets (the network sees them standardised).
    private var targetMean = 0.0, targetScale = 1.0

    /// An unfitted model for the genes of `space`.
    public init(space: some SearchSpace, settings: MLPSettings = MLPSettings()) {
        self.init(layout: OneHotLayout(space: space), settings: settings)
    }

    /// An unfitted model for genes with these columns.
    public init(layout: OneHotLayout, settings: MLPSettings = MLPSettings()) {
        precondition(settings.hidden.count == 2, "the MLP has exactly two hidden layers")
        self.layout = layout
        self.settings = settings
    }

    /// Whether ``fit(_:)`` has succeeded.
    public var isFitted: Bool { weights != nil }

    /// Trains from fresh seeded weights; throws for fewer than 2 samples, a sample outside the
    /// layout or a latency that is not positive.
    public mutating func fit(_ samples: [LatencySample]) throws(LatencyModelError) {
        guard samples.count >= 2 else {
            throw LatencyModelError("the MLP needs at least 2 samples to standardise its target, got \(samples.count)")
        }
        try OneHotLayout.check(samples, against: layout)
        let raw = samples.map { settings.target == .logLatency ? log($0.latencyMs) : $0.latencyMs }
        let mean = raw.reduce(0, +) / Double(raw.count)
        let spread = (raw.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(raw.count)).squareRoot()
        // Equal latencies everywhere: nothing to scale, the network learns a constant.
        let scale = spread > 1e-12 ? spread : 1
        let targets = raw.map { Float(($0 - mean) / scale) }

        var generator = SeededGenerator(seed: settings.seed)
        let batch = max(1, min(settings.batchSize, samples.count))
        let network = MLPNetwork(layout: layout, weights: initialWeights(using: &generator), capacity: batch)
        var order = Array(samples.indices)
        var cursor = order.count
        var batchTargets = [Float](repeating: 0, count: batch)
        let floor = settings.learningRate * 0.01
        for step in 0..<max(settings.steps, 1) {
            if cursor >= order.count {
                Self.shuffle(&order, using: &generator)
                cursor = 0
            }
            let rows = min(batch, order.count - cursor)
            let chosen = order[cursor..<(cursor + rows)]
            cursor += rows
            network.load(chosen.lazy.map { samples[$0].architecture })
            for (row, index) in chosen.enumerated() { batchTargets[row] = targets[index] }
            batchTargets.withUnsafeBufferPointer { network.backward(rows: rows, targets: $0) }
            // Cosine decay to 1 % of the step size: large steps to find the shape, small ones to settle.
            let progress = Float(step) / Float(max(settings.steps - 1, 1))
            let rate = floor + 0.5 * (settings.learningRate - floor) * (1 + Float(cos(Double.pi * Double(progress))))
            network.adam(learningRate: rate, weightDecay: settings.weightDecay)
        }
        weights = network.weights
        targetMean = mean
        targetScale = scale
    }

    /// He-uniform weights (a ReLU layer keeps its activations' scale), zero biases. The first
    /// layer's fan-in is the number of positions, the inputs that are 1 in a one-hot row.
    private func initialWeights(using generator: inout SeededGenerator) -> MLPWeights {
        let hidden = settings.hidden
        var values: [Float] = []
        values.reserveCapacity(MLPWeights.parameterCount(inputs: layout.width, hidden: hidden))
        func layer(inputs: Int, outputs: Int, fanIn: Int) {
            let bound = (6 / Double(max(fanIn, 1))).squareRoot()
            for _ in 0..<(inputs * outputs) { values.append(Float((2 * generator.unit() - 1) * bound)) }
            values.append(contentsOf: repeatElement(0, count: outputs))
        }
        layer(inputs: layout.width, outputs: hidden[0], fanIn: layout.choiceCounts.count)
        layer(inputs: hidden[0], outputs: hidden[1], fanIn: hidden[0])
        layer(inputs: hidden[1], outputs: 1, fanIn: hidden[1] * 2)
        return MLPWeights(inputs: layout.width, hidden: hidden, values: values)
    }

    /// Fisher–Yates with the project's generator, so an order depends on nothing but the seed.
    private static func shuffle(_ values: inout [Int], using generator: inout SeededGenerator) {
        guard values.count > 1 else { return }
        for index in stride(from: values.count - 1, to: 0, by: -1) {
            values.swapAt(index, Int(generator.next() % UInt64(index + 1)))
        }
    }

    private func latency(fromOutput output: Float) -> Double {
        let value = Double(output) * targetScale + targetMean
        return settings.target == .logLatency ? exp(value) : value
    }

    /// One network without BLAS: a one-hot row times the first layer is the sum of one weight row
    /// per position.
    public func predict(_ architecture: Architecture) -> Double {
        guard let weights, layout.admits(architecture) else { return .nan }
        let offsets = weights.offsets
        let h1 = weights.hidden[0], h2 = weights.hidden[1]
        let values = weights.values
        var first = Array(values[offsets[1]..<(offsets[1] + h1)])
        for column in layout.columns(architecture) {
            let row = offsets[0] + column * h1
            for unit in 0..<h1 { first[unit] += values[row + unit] }
        }
        var second = Array(values[offsets[3]..<(offsets[3] + h2)])
        for input in 0..<h1 where first[input] > 0 {
            let row = offsets[2] + input * h2
            for unit in 0..<h2 { second[unit] += first[input] * values[row + unit] }
        }
        var output = values[offsets[5]]
        for unit in 0..<h2 where second[unit] > 0 { output += second[unit] * values[offsets[4] + unit] }
        return latency(fromOutput: output)
    }

    /// Many networks through `sgemm`, 1,024 at a time.
    public func predict(_ architectures: [Architecture]) -> [Double] {
        guard let weights else { return architectures.map { _ in .nan } }
        let admitted = architectures.filter { layout.admits($0) }
        let chunk = 1024
        let network = MLPNetwork(layout: layout, weights: weights, capacity: min(chunk, max(admitted.count, 1)))
        var predictions: [Double] = []
        predictions.reserveCapacity(admitted.count)
        for start in stride(from: 0, to: admitted.count, by: chunk) {
            let rows = min(chunk, admitted.count - start)
            network.load(admitted[start..<(start + rows)])
            let output = network.forward(rows: rows)
            for row in 0..<rows { predictions.append(latency(fromOutput: output[row])) }
        }
        guard admitted.count < architectures.count else { return predictions }
        // Rare: some networks are not of this space; put NaN in their places.
        var next = 0
        return architectures.map { architecture in
            guard layout.admits(architecture) else { return .nan }
            defer { next += 1 }
            return predictions[next]
        }
    }
}
