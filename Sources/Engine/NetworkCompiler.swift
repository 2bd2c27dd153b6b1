import SearchSpace

/// Turns a graph and its weights into engine steps: fuses convolution → batch norm → ReLU (batch
/// norm folded into the kernel), batch norm → ReLU, and concatenation → shuffle; makes channel
/// slices views; and plans the activation arena so a buffer is reused once its last reader ran.
struct NetworkCompiler {
    let graph: NetworkGraph
    let weights: NetworkWeights
    let batch: Int
    let batchNorm: BatchNormMode

    private(set) var steps: [EngineStep] = []
    private(set) var parameters: [Float] = []
    private(set) var arenaSize = 0
    /// Floats of scratch for im2col columns and padded depthwise planes.
    private(set) var scratchSize = 0
    private(set) var slots: [Int: TensorSlot] = [:]
    /// Parallel to `steps`: the ReLU node a step ends in and the slot it writes, nil when it has none.
    private(set) var rectifiedOutputs: [(node: Int, slot: TensorSlot)?] = []

    /// A step before memory planning: which node it produces, which nodes it reads, and which
    /// nodes were fused into it.
    private struct Plan {
        var anchor: Int
        var output: Int
        var inputs: [Int]
        var fused: [Int]
    }

    init(graph: NetworkGraph, weights: NetworkWeights, batch: Int, batchNorm: BatchNormMode = .folded) throws(EngineError) {
        guard batch >= 1 else { throw EngineError(node: "(batch)", reason: "batch must be at least 1, got \(batch)") }
        self.graph = graph
        self.weights = weights
        self.batch = batch
        self.batchNorm = batchNorm
        let plans = fuse()
        let roots = assignMemory(plans)
        try emit(plans, roots: roots)
    }

    // MARK: fusion

    /// One step per fusion group of the graph (the same groups operator tables are keyed by).
    private func fuse() -> [Plan] {
        graph.fusionGroups().map { group in
            Plan(anchor: group[0], output: group.last ?? group[0], inputs: graph.nodes[group[0]].inputs, fused: Array(group.dropFirst()))
        }
    }

    // MARK: memory

    /// The node whose buffer holds `id` (a slice's buffer is its source's).
    private func root(of id: Int) -> Int {
        var id = id
        while case .channelSlice = graph.nodes[id].operation { id = graph.nodes[id].inputs[0] }
        return id
    }

    /// Places every materialised value in the arena, reusing buffers whose readers have all run.
    private mutating func assignMemory(_ plans: [Plan]) -> [Int: Int] {
        var lastUse: [Int: Int] = [:]
        for (index, plan) in plans.enumerated() {
            for input in plan.inputs { lastUse[root(of: input)] = index }
        }
        lastUse[root(of: graph.output)] = Int.max
        // The input belongs to the caller: every run reads it again, so it is never reused.
        for node in graph.nodes where node.operation == .input { lastUse[node.id] = Int.max }

        var offsets: [Int: Int] = [:]
        var free: [(offset: Int, size: Int)] = []
        var end = 0
        func allocate(_ size: Int) -> Int {
            // Best fit among free buffers, else grow the arena. Sizes are rounded to 16 floats so
            // every buffer starts 64-byte aligned.
            let size = (size + 15) / 16 * 16
            if let best = free.indices.filter({ free[$0].size >= size }).min(by: { free[$0].size < free[$1].size }) {
                let block = free.remove(at: best)
                if block.size > size { free.append((block.offset + size, block.size - size)) }
                return block.offset
            }
            defer { end += size }
            return end
        }
        func release(_ id: Int) {
            guard let offset = offsets[id] else { return }
            let size = (batch * graph.nodes[id].shape.count + 15) / 16 * 16
            free.append((offset, size))
        }
        let input = graph.nodes.first { if case .input = $0.operation { true } else { false } }
        if let input {
            offsets[input.id] = allocate(batch * input.shape.count)
        }
        for (index, plan) in plans.enumerated() {
            offsets[plan.output] = allocate(batch * graph.nodes[plan.output].shape.count)
            for (id, last) in lastUse where last == index { release(id) }
        }
        arenaSize = end + 16  // SIMD loads may read up to 15 floats past a plane's end
        return offsets
    }

    private mutating func slot(_ id: Int, roots: [Int: Int]) throws(EngineError) -> TensorSlot {
        if let known = slots[id] { return known }
        let node = graph.nodes[id]
        let result: TensorSlot
        if case .channelSlice(let start, _) = node.operation {
            let source = try slot(node.inputs[0], roots: roots)
            result = TensorSlot(offset: source.offset + start * source.plane, batchStride: source.batchStride, shape: node.shape)
        } else {
            // Every step's output and the input were placed by `assignMemory`.
            guard let offset = roots[id] else { throw EngineError(node: node.name, reason: "no buffer was planned for this value") }
            result = TensorSlot(offset: offset, batchStride: node.shape.count, shape: node.shape)
        }
        slots[id] = result
        return result
    }

    // MARK: steps

    private mutating func append(_ values: [Float]) -> Int {
        // Parameters start 64-byte aligned too.
        while parameters.count % 16 != 0 { parameters.append(0) }
        defer { parameters.append(contentsOf: values) }
        return parameters.count
    }

    private mutating func emit(_ plans: [Plan], roots: [Int: Int]) throws(EngineError) {
        for plan in plans {
            let firstStep = steps.count
            let node = graph.nodes[plan.anchor]
            let output = try slot(plan.output, roots: roots)
            var inputs: [TensorSlot] = []
            for input in plan.inputs { inputs.append(try slot(input, roots: roots)) }
            let relu = plan.fused.contains { if case .relu = graph.nodes[$0].operation { true } else { false } }
            switch node.operation {
            case .convolution(let outChannels, let kernel, let stride, let padding, let groups, _):
                guard let convolution = weights.convolutions[node.id] else {
                    throw EngineError(node: node.name, reason: "no weights for this convolution")
                }
                var kernelValues = convolution.kernel
                var bias = convolution.bias ?? Array(repeating: 0, count: outChannels)
                // With batch statistics the batch norm (and the ReLU after it) is a step of its own.
                let normalizeAfter = batchNorm == .batchStatistics && !plan.fused.isEmpty
                let relu = relu && !normalizeAfter
                if !normalizeAfter, let normID = plan.fused.first, let norm = weights.batchNorms[normID] {
                    let perFilter = kernelValues.count / outChannels
                    for channel in 0..<outChannels {
                        let factor = norm.scale[channel] / (norm.variance[channel] + norm.epsilon).squareRoot()
                        for index in channel * perFilter..<(channel + 1) * perFilter { kernelValues[index] *= factor }
                        bias[channel] = (bias[channel] - norm.mean[channel]) * factor + norm.shift[channel]
                    }
                }
                let weightOffset = append(kernelValues)
                let biasOffset = append(bias)
                let inChannels = inputs[0].shape.channels
                if groups > 1 && groups == inChannels && groups == outChannels {
                    let step = DepthwiseStep(
                        input: inputs[0], output: output, kernel: kernel, stride: stride, padding: padding,
                        weights: weightOffset, bias: biasOffset, relu: relu)
                    scratchSize = max(scratchSize, step.paddedWidth * step.paddedHeight + 32)
                    steps.append(.depthwise(step))
                } else {
                    let step = ConvolutionStep(
                        input: inputs[0], output: output, kernel: kernel, stride: stride, padding: padding, groups: groups,
                        weights: weightOffset, bias: biasOffset, relu: relu)
                    if step.needsIm2col { scratchSize = max(scratchSize, step.columnRows * output.plane) }
                    steps.append(.convolution(step))
                }
                if normalizeAfter, let normID = plan.fused.first {
                    let epsilon = weights.batchNorms[normID]?.epsilon ?? 1e-5
                    let fusedReLU = plan.fused.contains { if case .relu = graph.nodes[$0].operation { true } else { false } }
                    steps.append(.batchStatistics(BatchStatisticsStep(input: output, output: output, epsilon: epsilon, relu: fusedReLU)))
                }
            case .batchNorm where batchNorm == .batchStatistics:
                let epsilon = weights.batchNorms[node.id]?.epsilon ?? 1e-5
                steps.append(.batchStatistics(BatchStatisticsStep(input: inputs[0], output: output, epsilon: epsilon, relu: relu)))
            case .batchNorm:
                guard let norm = weights.batchNorms[node.id] else {
                    throw EngineError(node: node.name, reason: "no parameters for this batch norm")
                }
                let factors = (0..<norm.scale.count).map { norm.scale[$0] / (norm.variance[$0] + norm.epsilon).squareRoot() }
                let shifts = (0..<norm.scale.count).map { norm.shift[$0] - norm.mean[$0] * factors[$0] }
                steps.append(.affine(AffineStep(
                    input: inputs[0], output: output, scale: append(factors), shift: append(shifts), relu: relu)))
            case .relu:
                steps.append(.relu(input: inputs[0], output: output))
            case .averagePool(let kernel, let stride, let padding, let countIncludePad):
                steps.append(.averagePool(PoolingStep(
                    input: inputs[0], output: output, kernel: kernel, stride: stride, padding: padding,
                    countIncludePad: countIncludePad)))
            case .maxPool(let kernel, let stride, let padding):
                steps.append(.maxPool(PoolingStep(
                    input: inputs[0], output: output, kernel: kernel, stride: stride, padding: padding, countIncludePad: false)))
            case .globalAveragePool:
                steps.append(.globalAveragePool(input: inputs[0], output: output))
            case .add:
                steps.append(.add(inputs: inputs, output: output))
            case .zeros:
                steps.append(.zeros(output: output))
            case .concat, .channelShuffle:
                var sources: [(offset: Int, batchStride: Int)] = []
                for input in inputs {
                    for channel in 0..<input.shape.channels {
                        sources.append((input.offset + channel * input.plane, input.batchStride))
                    }
                }
                // A shuffle (standalone, or fused after the concatenation) permutes the planes:
                // output channel j·g + i is input channel i·(C/g) + j.
                let shuffle = ([plan.anchor] + plan.fused).compactMap { id -> Int? in
                    if case .channelShuffle(let groups) = graph.nodes[id].operation { groups } else { nil }
                }.first
                if let groups = shuffle {
                    let perGroup = sources.count / groups
                    sources = (0..<sources.count).map { target in sources[(target % groups) * perGroup + target / groups] }
                }
                steps.append(.gather(PlaneGatherStep(output: output, sources: sources)))
            case .linear:
                guard let linear = weights.linears[node.id] else {
                    throw EngineError(node: node.name, reason: "no weights for this linear layer")
                }
                let outFeatures = output.shape.channels
                steps.append(.linear(LinearStep(
                    input: inputs[0], output: output, matrix: append(linear.matrix),
                    bias: append(linear.bias ?? Array(repeating: 0, count: outFeatures)))))
            case .input, .channelSlice:
                break
            }
            // A plan's ReLU is applied by its last step.
            let reluNode = ([plan.anchor] + plan.fused).first { if case .relu = graph.nodes[$0].operation { true } else { false } }
            for index in firstStep..<steps.count {
                rectifiedOutputs.append(index == steps.count - 1 ? reluNode.map { ($0, output) } : nil)
            }
        }
        // Every node, fused or not, gets a slot so callers can look at intermediate values of unfused ones.
        _ = try slot(graph.output, roots: roots)
    }
}
