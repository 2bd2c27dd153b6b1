import SearchSpace

/// The MLP's working memory for one fit or one batched prediction: parameters, gradients and
/// Adam moments each in one flat buffer (w1, b1, w2, b2, w3, b3) so the optimiser is one loop,
/// and activations for up to `capacity` rows. Used by one thread at a time, then dropped.
final class MLPNetwork {
    let layout: OneHotLayout
    let inputs: Int, hidden1: Int, hidden2: Int
    let count: Int
    let capacity: Int
    private let offsets: [Int]
    let parameters: UnsafeMutablePointer<Float>
    private let gradients: UnsafeMutablePointer<Float>
    private let firstMoment: UnsafeMutablePointer<Float>
    private let secondMoment: UnsafeMutablePointer<Float>
    private let input: UnsafeMutablePointer<Float>
    private let layer1: UnsafeMutablePointer<Float>
    private let layer2: UnsafeMutablePointer<Float>
    private let output: UnsafeMutablePointer<Float>
    private let outputGradient: UnsafeMutablePointer<Float>
    private let layer1Gradient: UnsafeMutablePointer<Float>
    private let layer2Gradient: UnsafeMutablePointer<Float>

    init(layout: OneHotLayout, weights: MLPWeights, capacity: Int) {
        self.layout = layout
        inputs = weights.inputs
        hidden1 = weights.hidden[0]
        hidden2 = weights.hidden[1]
        count = weights.values.count
        self.capacity = capacity
        offsets = weights.offsets
        let parameters = Self.buffer(weights.values.count)
        _ = UnsafeMutableBufferPointer(start: parameters, count: weights.values.count).update(fromContentsOf: weights.values)
        self.parameters = parameters
        gradients = Self.buffer(count)
        firstMoment = Self.buffer(count)
        secondMoment = Self.buffer(count)
        input = Self.buffer(capacity * weights.inputs)
        layer1 = Self.buffer(capacity * weights.hidden[0])
        layer2 = Self.buffer(capacity * weights.hidden[1])
        output = Self.buffer(capacity)
        outputGradient = Self.buffer(capacity)
        layer1Gradient = Self.buffer(capacity * weights.hidden[0])
        layer2Gradient = Self.buffer(capacity * weights.hidden[1])
    }

    private static func buffer(_ size: Int) -> UnsafeMutablePointer<Float> {
        let pointer = UnsafeMutablePointer<Float>.allocate(capacity: max(size, 1))
        pointer.initialize(repeating: 0, count: max(size, 1))
        return pointer
    }

    deinit {
        for pointer in [
            parameters, gradients, firstMoment, secondMoment, input, layer1, layer2, output, outputGradient,
            layer1Gradient, layer2Gradient,
        ] {
            pointer.deallocate()
        }
    }

    var weights: MLPWeights {
        MLPWeights(
            inputs: inputs, hidden: [hidden1, hidden2],
            values: Array(UnsafeBufferPointer(start: parameters, count: count)))
    }

    /// The gradients of the last `backward`, in parameter order (tests check them numerically).
    var gradientsForTesting: [Float] { Array(UnsafeBufferPointer(start: gradients, count: count)) }

    private var w1: UnsafeMutablePointer<Float> { parameters + offsets[0] }
    private var b1: UnsafeMutablePointer<Float> { parameters + offsets[1] }
    private var w2: UnsafeMutablePointer<Float> { parameters + offsets[2] }
    private var b2: UnsafeMutablePointer<Float> { parameters + offsets[3] }
    private var w3: UnsafeMutablePointer<Float> { parameters + offsets[4] }
    private var b3: UnsafeMutablePointer<Float> { parameters + offsets[5] }

    /// Writes the one-hot rows of `architectures` into the input buffer.
    func load(_ architectures: some Collection<Architecture>) {
        precondition(architectures.count <= capacity)
        input.update(repeating: 0, count: architectures.count * inputs)
        for (row, architecture) in architectures.enumerated() {
            for column in layout.columns(architecture) { input[row * inputs + column] = 1 }
        }
    }

    /// Forward pass over the first `rows` loaded rows; returns the output buffer.
    @discardableResult
    func forward(rows: Int) -> UnsafeMutablePointer<Float> {
        BLAS.gemm(input, w1, into: layer1, m: rows, n: hidden1, k: inputs)
        Self.addBiasAndRectify(layer1, bias: b1, rows: rows, columns: hidden1)
        BLAS.gemm(layer1, w2, into: layer2, m: rows, n: hidden2, k: hidden1)
        Self.addBiasAndRectify(layer2, bias: b2, rows: rows, columns: hidden2)
        BLAS.gemm(layer2, w3, into: output, m: rows, n: 1, k: hidden2)
        let bias = b3.pointee
        for row in 0..<rows { output[row] += bias }
        return output
    }

    /// One mean-squared-error gradient of the loaded rows against `targets`, into `gradients`.
    func backward(rows: Int, targets: UnsafeBufferPointer<Float>) {
        forward(rows: rows)
        let scale = 2 / Float(rows)
        for row in 0..<rows { outputGradient[row] = scale * (output[row] - targets[row]) }
        let dw1 = gradients + offsets[0], db1 = gradients + offsets[1], dw2 = gradients + offsets[2]
        let db2 = gradients + offsets[3], dw3 = gradients + offsets[4], db3 = gradients + offsets[5]
        // Output layer: dW3 = H2ᵀ · dOut, dH2 = dOut · W3ᵀ masked by ReLU.
        BLAS.gemm(layer2, transposeA: true, outputGradient, into: dw3, m: hidden2, n: 1, k: rows)
        db3.pointee = (0..<rows).reduce(0) { $0 + outputGradient[$1] }
        BLAS.gemm(outputGradient, w3, transposeB: true, into: layer2Gradient, m: rows, n: hidden2, k: 1)
        Self.maskAndSumColumns(layer2Gradient, by: layer2, into: db2, rows: rows, columns: hidden2)
        // Second layer: dW2 = H1ᵀ · dH2, dH1 = dH2 · W2ᵀ masked by ReLU.
        BLAS.gemm(layer1, transposeA: true, layer2Gradient, into: dw2, m: hidden1, n: hidden2, k: rows)
        BLAS.gemm(layer2Gradient, w2, transposeB: true, into: layer1Gradient, m: rows, n: hidden1, k: hidden2)
        Self.maskAndSumColumns(layer1Gradient, by: layer1, into: db1, rows: rows, columns: hidden1)
        // First layer: dW1 = Xᵀ · dH1 (the input needs no gradient).
        BLAS.gemm(input, transposeA: true, layer1Gradient, into: dw1, m: inputs, n: hidden1, k: rows)
    }

    /// β₁ᵗ and β₂ᵗ after the steps taken so far (Adam's bias correction).
    private var beta1Power: Float = 1, beta2Power: Float = 1

    /// One AdamW step with the gradients of the last `backward`.
    func adam(learningRate: Float, weightDecay: Float) {
        let beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8
        beta1Power *= beta1
        beta2Power *= beta2
        let correction1 = 1 - beta1Power
        let correction2 = 1 - beta2Power
        let stepSize = learningRate / correction1
        let decay = 1 - learningRate * weightDecay
        // Eight lanes at a time: this loop touches every parameter every step and is most of a
        // fit's time when written one float at a time.
        typealias Lanes = SIMD8<Float>
        let lanes = count / Lanes.scalarCount
        let parameterLanes = UnsafeMutableRawPointer(parameters), gradientLanes = UnsafeMutableRawPointer(gradients)
        let firstLanes = UnsafeMutableRawPointer(firstMoment), secondLanes = UnsafeMutableRawPointer(secondMoment)
        let stride = MemoryLayout<Lanes>.stride
        for lane in 0..<lanes {
            let offset = lane * stride
            let gradient = gradientLanes.loadUnaligned(fromByteOffset: offset, as: Lanes.self)
            let m = beta1 * firstLanes.loadUnaligned(fromByteOffset: offset, as: Lanes.self) + (1 - beta1) * gradient
            let v = beta2 * secondLanes.loadUnaligned(fromByteOffset: offset, as: Lanes.self) + (1 - beta2) * gradient * gradient
            firstLanes.storeBytes(of: m, toByteOffset: offset, as: Lanes.self)
            secondLanes.storeBytes(of: v, toByteOffset: offset, as: Lanes.self)
            let parameter = parameterLanes.loadUnaligned(fromByteOffset: offset, as: Lanes.self)
            let update = parameter * decay - stepSize * m / ((v / correction2).squareRoot() + epsilon)
            parameterLanes.storeBytes(of: update, toByteOffset: offset, as: Lanes.self)
        }
        for index in (lanes * Lanes.scalarCount)..<count {
            let gradient = gradients[index]
            let m = beta1 * firstMoment[index] + (1 - beta1) * gradient
            let v = beta2 * secondMoment[index] + (1 - beta2) * gradient * gradient
            firstMoment[index] = m
            secondMoment[index] = v
            parameters[index] = parameters[index] * decay - stepSize * m / ((v / correction2).squareRoot() + epsilon)
        }
    }

    private static func addBiasAndRectify(
        _ values: UnsafeMutablePointer<Float>, bias: UnsafeMutablePointer<Float>, rows: Int, columns: Int
    ) {
        for row in 0..<rows {
            let line = values + row * columns
            for column in 0..<columns { line[column] = max(line[column] + bias[column], 0) }
        }
    }

    /// Zeroes gradients where the ReLU was off, and sums the columns (the bias gradient).
    private static func maskAndSumColumns(
        _ gradient: UnsafeMutablePointer<Float>, by activation: UnsafeMutablePointer<Float>,
        into biasGradient: UnsafeMutablePointer<Float>, rows: Int, columns: Int
    ) {
        biasGradient.update(repeating: 0, count: columns)
        for row in 0..<rows {
            let line = gradient + row * columns, active = activation + row * columns
            for column in 0..<columns {
                if active[column] <= 0 { line[column] = 0 }
                biasGradient[column] += line[column]
            }
        }
    }
}
