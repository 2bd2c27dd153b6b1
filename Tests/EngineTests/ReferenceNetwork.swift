import Engine
import SearchSpace
import Testing

/// A deliberately naive interpreter of a ``NetworkGraph`` in Double: one nested loop per
/// operation, straight from the definitions, no fusion, no buffer reuse, no views. The engine's
/// outputs are checked against it.
enum ReferenceNetwork {
    /// The value of every node (batch-major NCHW, like the engine) for `input`.
    static func evaluate(_ graph: NetworkGraph, weights: NetworkWeights, input: [Float], batch: Int) -> [[Double]] {
        var values = Array(repeating: [Double](), count: graph.nodes.count)
        for node in graph.nodes {
            let shape = node.shape
            let sources = node.inputs.map { values[$0] }
            let sourceShapes = node.inputs.map { graph.nodes[$0].shape }
            switch node.operation {
            case .input:
                values[node.id] = input.map(Double.init)
            case .convolution(let outChannels, let kernel, let stride, let padding, let groups, _):
                let convolution = weights.convolutions[node.id]!
                values[node.id] = convolve(
                    sources[0], sourceShapes[0], output: shape, outChannels: outChannels, kernel: kernel, stride: stride,
                    padding: padding, groups: groups, weights: convolution.kernel, bias: convolution.bias, batch: batch)
            case .batchNorm:
                let norm = weights.batchNorms[node.id]!
                let plane = shape.height * shape.width
                values[node.id] = sources[0].enumerated().map { index, x in
                    let channel = index / plane % shape.channels
                    let mean = Double(norm.mean[channel]), variance = Double(norm.variance[channel])
                    return Double(norm.scale[channel]) * (x - mean) / (variance + Double(norm.epsilon)).squareRoot()
                        + Double(norm.shift[channel])
                }
            case .relu:
                values[node.id] = sources[0].map { max($0, 0) }
            case .averagePool(let kernel, let stride, let padding, let countIncludePad):
                values[node.id] = pool(sources[0], sourceShapes[0], output: shape, kernel: kernel, stride: stride, padding: padding, batch: batch) { window in
                    window.reduce(0, +) / Double(countIncludePad ? kernel * kernel : window.count)
                }
            case .maxPool(let kernel, let stride, let padding):
                values[node.id] = pool(sources[0], sourceShapes[0], output: shape, kernel: kernel, stride: stride, padding: padding, batch: batch) { window in
                    window.max()!
                }
            case .globalAveragePool:
                let source = sourceShapes[0]
                let plane = source.height * source.width
                var result: [Double] = []
                for sample in 0..<batch {
                    for channel in 0..<source.channels {
                        let start = (sample * source.channels + channel) * plane
                        result.append(sources[0][start..<start + plane].reduce(0, +) / Double(plane))
                    }
                }
                values[node.id] = result
            case .add:
                values[node.id] = (0..<sources[0].count).map { index in sources.reduce(0) { $0 + $1[index] } }
            case .zeros:
                values[node.id] = Array(repeating: 0, count: batch * shape.count)
            case .linear(let outFeatures, _):
                let linear = weights.linears[node.id]!
                let inFeatures = sourceShapes[0].count
                var result: [Double] = []
                for sample in 0..<batch {
                    for out in 0..<outFeatures {
                        var sum = linear.bias.map { Double($0[out]) } ?? 0
                        for feature in 0..<inFeatures {
                            sum += Double(linear.matrix[out * inFeatures + feature]) * sources[0][sample * inFeatures + feature]
                        }
                        result.append(sum)
                    }
                }
                values[node.id] = result
            case .channelShuffle(let groups):
                // View the channels as groups × (C / groups), transpose, flatten.
                let plane = shape.height * shape.width
                let perGroup = shape.channels / groups
                var result: [Double] = []
                for sample in 0..<batch {
                    for j in 0..<perGroup {
                        for i in 0..<groups {
                            let start = (sample * shape.channels + i * perGroup + j) * plane
                            result.append(contentsOf: sources[0][start..<start + plane])
                        }
                    }
                }
                values[node.id] = result
            case .channelSlice(let start, let count):
                let source = sourceShapes[0]
                let plane = source.height * source.width
                var result: [Double] = []
                for sample in 0..<batch {
                    let first = (sample * source.channels + start) * plane
                    result.append(contentsOf: sources[0][first..<first + count * plane])
                }
                values[node.id] = result
            case .concat:
                var result: [Double] = []
                for sample in 0..<batch {
                    for (source, sourceShape) in zip(sources, sourceShapes) {
                        result.append(contentsOf: source[sample * sourceShape.count..<(sample + 1) * sourceShape.count])
                    }
                }
                values[node.id] = result
            }
        }
        return values
    }

    /// The graph's output for `input`.
    static func output(_ graph: NetworkGraph, weights: NetworkWeights, input: [Float], batch: Int) -> [Double] {
        evaluate(graph, weights: weights, input: input, batch: batch)[graph.output]
    }

    private static func convolve(
        _ input: [Double], _ source: TensorShape, output: TensorShape, outChannels: Int, kernel: Int, stride: Int, padding: Int,
        groups: Int, weights: [Float], bias: [Float]?, batch: Int
    ) -> [Double] {
        let inPerGroup = source.channels / groups
        let outPerGroup = outChannels / groups
        var result: [Double] = []
        result.reserveCapacity(batch * output.count)
        for sample in 0..<batch {
            for out in 0..<outChannels {
                let group = out / outPerGroup
                for oy in 0..<output.height {
                    for ox in 0..<output.width {
                        var sum = bias.map { Double($0[out]) } ?? 0
                        for local in 0..<inPerGroup {
                            let channel = group * inPerGroup + local
                            for kh in 0..<kernel {
                                let y = oy * stride - padding + kh
                                guard y >= 0 && y < source.height else { continue }
                                for kw in 0..<kernel {
                                    let x = ox * stride - padding + kw
                                    guard x >= 0 && x < source.width else { continue }
                                    let weight = Double(weights[((out * inPerGroup + local) * kernel + kh) * kernel + kw])
                                    sum += weight * input[((sample * source.channels + channel) * source.height + y) * source.width + x]
                                }
                            }
                        }
                        result.append(sum)
                    }
                }
            }
        }
        return result
    }

    /// Pooling over the real (unpadded) inputs of each window; `reduce` sees only those.
    private static func pool(
        _ input: [Double], _ source: TensorShape, output: TensorShape, kernel: Int, stride: Int, padding: Int, batch: Int,
        reduce: ([Double]) -> Double
    ) -> [Double] {
        var result: [Double] = []
        for sample in 0..<batch {
            for channel in 0..<source.channels {
                for oy in 0..<output.height {
                    for ox in 0..<output.width {
                        var window: [Double] = []
                        for kh in 0..<kernel {
                            for kw in 0..<kernel {
                                let y = oy * stride - padding + kh, x = ox * stride - padding + kw
                                guard y >= 0 && y < source.height && x >= 0 && x < source.width else { continue }
                                window.append(input[((sample * source.channels + channel) * source.height + y) * source.width + x])
                            }
                        }
                        result.append(reduce(window))
                    }
                }
            }
        }
        return result
    }
}

/// `count` values uniform in [-1, 1) from `seed`.
func randomInput(count: Int, seed: UInt64) -> [Float] {
    var generator = SeededGenerator(seed: seed)
    return (0..<count).map { _ in Float(generator.unit() * 2 - 1) }
}

/// Compiles `graph` for `batch`, runs it once on `input` and returns its output.
func engineOutput(_ graph: NetworkGraph, weights: NetworkWeights, input: [Float], batch: Int) throws -> [Float] {
    let network = try CompiledNetwork(graph: graph, weights: weights, batch: batch)
    try network.setInput(input)
    network.run()
    return network.output
}

/// The worst element-wise error of `actual` against `expected`, as a multiple of the allowed
/// `tolerance · (1 + |expected|)` (so ≤ 1 passes), and where it is.
func worstError(_ actual: [Float], _ expected: [Double], tolerance: Double) -> (ratio: Double, index: Int) {
    var worst = (ratio: 0.0, index: -1)
    for (index, (a, e)) in zip(actual, expected).enumerated() {
        let error = abs(Double(a) - e)
        let ratio = error.isNaN ? .infinity : error / (tolerance * (1 + abs(e)))
        if ratio > worst.ratio { worst = (ratio, index) }
    }
    return worst
}

/// Expects `actual` to match `expected` element by element within `tolerance` (absolute and
/// relative), and the reference not to be trivially zero unless `allowZero`.
func expectClose(
    _ actual: [Float], _ expected: [Double], tolerance: Double = 1e-4, allowZero: Bool = false, _ label: String,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    #expect(actual.count == expected.count, "\(label): \(actual.count) values, expected \(expected.count)", sourceLocation: sourceLocation)
    if !allowZero {
        #expect(expected.contains { abs($0) > 1e-3 }, "\(label): the reference is all (near) zero", sourceLocation: sourceLocation)
    }
    let worst = worstError(actual, expected, tolerance: tolerance)
    #expect(
        worst.ratio <= 1,
        "\(label): element \(worst.index) is \(worst.index >= 0 ? actual[worst.index] : .nan), expected \(worst.index >= 0 ? expected[worst.index] : .nan)",
        sourceLocation: sourceLocation)
}
