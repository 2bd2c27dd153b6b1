import COpenBLAS
import SearchSpace

/// A network ready to run on the CPU: steps fused and planned, weights folded, every buffer
/// allocated once. ``run()`` allocates nothing, so it is what a latency measurement times.
///
/// Not thread-safe: build it on the thread that will run it (the measuring thread).
public final class CompiledNetwork {
    /// The graph this network was compiled from.
    public let graph: NetworkGraph
    /// Samples per run, fixed at compile time.
    public let batch: Int
    private let steps: [EngineStep]
    /// For each step that ends in a ReLU, the ReLU node and the slot it wrote (nil otherwise).
    private let rectified: [(node: Int, slot: TensorSlot)?]
    private let arena: UnsafeMutablePointer<Float>
    private let parameters: UnsafeMutablePointer<Float>
    private let scratch: UnsafeMutablePointer<Float>
    private let slots: [Int: TensorSlot]
    private let inputSlot: TensorSlot
    private let outputSlot: TensorSlot
    private let sizes: (arena: Int, parameters: Int, scratch: Int)

    /// Compiles `graph` with `weights` for `batch` samples per run; batch norms use the stored
    /// statistics (`.folded`, the default) or the batch's own (`.batchStatistics`).
    public init(graph: NetworkGraph, weights: NetworkWeights, batch: Int = 1, batchNorm: BatchNormMode = .folded) throws(EngineError) {
        let compiler = try NetworkCompiler(graph: graph, weights: weights, batch: batch, batchNorm: batchNorm)
        guard let input = graph.nodes.first(where: { if case .input = $0.operation { true } else { false } }),
            let inputSlot = compiler.slots[input.id], let outputSlot = compiler.slots[graph.output]
        else { throw EngineError(node: "(input)", reason: "the graph has no input node") }
        self.graph = graph
        self.batch = batch
        self.steps = compiler.steps
        self.rectified = compiler.rectifiedOutputs
        self.slots = compiler.slots
        self.inputSlot = inputSlot
        self.outputSlot = outputSlot
        sizes = (compiler.arenaSize, max(compiler.parameters.count, 1), compiler.scratchSize + 64)
        arena = Self.allocate(sizes.arena)
        parameters = Self.allocate(sizes.parameters)
        scratch = Self.allocate(sizes.scratch)
        arena.initialize(repeating: 0, count: sizes.arena)
        scratch.initialize(repeating: 0, count: sizes.scratch)
        parameters.initialize(repeating: 0, count: sizes.parameters)
        compiler.parameters.withUnsafeBufferPointer { values in
            if let base = values.baseAddress { parameters.update(from: base, count: values.count) }
        }
    }

    deinit {
        arena.deallocate()
        parameters.deallocate()
        scratch.deallocate()
    }

    private static func allocate(_ count: Int) -> UnsafeMutablePointer<Float> {
        UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
            .bindMemory(to: Float.self, capacity: max(count, 1))
    }

    /// Floats per run: `batch × channels × height × width` of the input.
    public var inputCount: Int { batch * inputSlot.shape.count }
    /// Floats the output holds after a run: `batch ×` the output node's element count.
    public var outputCount: Int { batch * outputSlot.shape.count }
    /// Bytes of activations, scratch and folded parameters held.
    public var memoryBytes: Int { (sizes.arena + sizes.parameters + sizes.scratch) * MemoryLayout<Float>.stride }
    /// The number of kernels one run launches after fusion.
    public var stepCount: Int { steps.count }

    /// Sets the input, NCHW, batch-major.
    public func setInput(_ values: [Float]) throws(EngineError) {
        guard values.count == inputCount else {
            throw EngineError(node: "input", reason: "expected \(inputCount) values (batch \(batch) × \(inputSlot.shape)), got \(values.count)")
        }
        _ = UnsafeMutableBufferPointer(start: arena + inputSlot.offset, count: values.count).update(fromContentsOf: values)
    }

    /// Fills the input with values uniform in [-1, 1) from `seed`.
    public func fillInput(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        for index in 0..<inputCount { arena[inputSlot.offset + index] = Float(generator.unit() * 2 - 1) }
    }

    /// The network's output after the last run, NCHW, batch-major.
    public var output: [Float] { values(of: outputSlot) }

    /// The value of node `id` after the last run, or nil when the node was fused away (a batch
    /// norm or ReLU folded into its convolution, a shuffle merged with its concatenation) or its
    /// buffer has since been reused (then it holds another value: only the output and inputs of
    /// the last step are safe to read).
    public func value(of id: Int) -> [Float]? {
        slots[id].map(values(of:))
    }

    private func values(of slot: TensorSlot) -> [Float] {
        var result: [Float] = []
        result.reserveCapacity(batch * slot.shape.count)
        for sample in 0..<batch {
            let base = arena + slot.offset + sample * slot.batchStride
            result.append(contentsOf: UnsafeBufferPointer(start: base, count: slot.shape.count))
        }
        return result
    }

    /// One forward pass over the current input.
    public func run() {
        for step in steps { execute(step) }
    }

    /// One forward pass over the current input that hands every rectified value (each ReLU's
    /// output, fused or not) to `observe` right after its step ran, before its buffer can be
    /// reused: what activation-pattern proxies such as NASWOT read.
    public func run(observingActivations observe: (RectifiedActivation) -> Void) {
        for (index, step) in steps.enumerated() {
            execute(step)
            guard let (node, slot) = rectified[index] else { continue }
            observe(
                RectifiedActivation(
                    node: node, units: slot.shape.count, batch: batch, base: UnsafePointer(arena + slot.offset),
                    batchStride: slot.batchStride))
        }
    }

    /// Milliseconds per kind of step (e.g. `conv1x1`, `depthwise5x5/s2`), summed over a run and
    /// averaged over `runs` runs: where the time goes.
    public func profile(runs: Int) -> [(kind: String, milliseconds: Double, steps: Int)] {
        let clock = ContinuousClock()
        var totals: [String: (Duration, Int)] = [:]
        for _ in 0..<max(runs, 1) {
            for step in steps {
                let start = clock.now
                execute(step)
                let elapsed = clock.now - start
                totals[step.kind, default: (.zero, 0)].0 += elapsed
                totals[step.kind, default: (.zero, 0)].1 += 1
            }
        }
        return totals.map { kind, value in
            let (seconds, attoseconds) = value.0.components
            let milliseconds = (Double(seconds) * 1000 + Double(attoseconds) / 1e15) / Double(max(runs, 1))
            return (kind, milliseconds, value.1 / max(runs, 1))
        }.sorted { $0.milliseconds > $1.milliseconds }
    }

    @inline(__always)
    private func execute(_ step: EngineStep) {
        let parameters = UnsafePointer(self.parameters)
        switch step {
        case .convolution(let step):
            ConvolutionKernel.run(step, arena: arena, parameters: parameters, scratch: scratch, batch: batch)
        case .depthwise(let step):
            DepthwiseKernel.run(step, arena: arena, parameters: parameters, scratch: scratch, batch: batch)
        case .affine(let step):
            ElementwiseKernel.affine(step, arena: arena, parameters: parameters, batch: batch)
        case .batchStatistics(let step):
            ElementwiseKernel.batchStatistics(step, arena: arena, batch: batch)
        case .relu(let input, let output):
            ElementwiseKernel.relu(input: input, output: output, arena: arena, batch: batch)
        case .averagePool(let step):
            PoolingKernel.average(step, arena: arena, batch: batch)
        case .maxPool(let step):
            PoolingKernel.maximum(step, arena: arena, batch: batch)
        case .globalAveragePool(let input, let output):
            PoolingKernel.global(input: input, output: output, arena: arena, batch: batch)
        case .add(let inputs, let output):
            ElementwiseKernel.add(inputs: inputs, output: output, arena: arena, batch: batch)
        case .zeros(let output):
            ElementwiseKernel.zeros(output: output, arena: arena, batch: batch)
        case .gather(let step):
            ElementwiseKernel.gather(step, arena: arena, batch: batch)
        case .linear(let step):
            LinearKernel.run(step, arena: arena, parameters: parameters, batch: batch)
        }
    }
}
