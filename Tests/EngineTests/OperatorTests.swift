import Engine
import SearchSpace
import Testing

/// A dense or grouped convolution to check, on a `batch` of `inChannels × height × width` inputs.
struct ConvolutionCase: Sendable, CustomTestStringConvertible {
    var inChannels: Int
    var outChannels: Int
    var height: Int
    var width: Int
    var kernel: Int
    var stride: Int
    var padding: Int
    var groups = 1
    var bias = false
    var batch = 1

    var testDescription: String {
        "\(inChannels)→\(outChannels) \(kernel)x\(kernel)/s\(stride)/p\(padding)" + (groups > 1 ? "/g\(groups)" : "")
            + (bias ? "+bias" : "") + " on \(height)×\(width), batch \(batch)"
    }
}

/// Every engine operator, fused and unfused, against ``ReferenceNetwork`` on tiny random graphs.
@Suite("engine operators against a naive reference")
struct OperatorTests {
    /// Builds the graph, runs the engine on random input and compares its output with the reference.
    private func check(
        _ builder: NetworkGraphBuilder, output: Int, batch: Int, seed: UInt64 = 1, allowZero: Bool = false, _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try check(builder.graph(output: output), batch: batch, seed: seed, allowZero: allowZero, label, sourceLocation: sourceLocation)
    }

    private func check(
        _ graph: NetworkGraph, batch: Int, seed: UInt64 = 1, allowZero: Bool = false, _ label: String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let weights = NetworkWeights(graph: graph, seed: seed)
        let inputShape = graph.nodes[0].shape
        let input = randomInput(count: batch * inputShape.count, seed: seed &+ 100)
        let actual = try engineOutput(graph, weights: weights, input: input, batch: batch)
        let expected = ReferenceNetwork.output(graph, weights: weights, input: input, batch: batch)
        expectClose(actual, expected, allowZero: allowZero, label, sourceLocation: sourceLocation)
    }

    // MARK: convolutions

    static let denseCases: [ConvolutionCase] = [
        // 1×1 stride 1: the GEMM reads the input directly (no im2col).
        ConvolutionCase(inChannels: 8, outChannels: 16, height: 9, width: 9, kernel: 1, stride: 1, padding: 0),
        ConvolutionCase(inChannels: 5, outChannels: 7, height: 4, width: 6, kernel: 1, stride: 1, padding: 0, bias: true, batch: 3),
        // 3×3 stride 1 pad 1.
        ConvolutionCase(inChannels: 6, outChannels: 10, height: 10, width: 12, kernel: 3, stride: 1, padding: 1),
        ConvolutionCase(inChannels: 3, outChannels: 4, height: 7, width: 5, kernel: 3, stride: 1, padding: 1, bias: true, batch: 3),
        // 3×3 stride 2 pad 1, odd and even sizes.
        ConvolutionCase(inChannels: 5, outChannels: 8, height: 11, width: 11, kernel: 3, stride: 2, padding: 1),
        ConvolutionCase(inChannels: 4, outChannels: 6, height: 8, width: 10, kernel: 3, stride: 2, padding: 1, batch: 3),
        // 1×1 stride 2: im2col only subsamples.
        ConvolutionCase(inChannels: 8, outChannels: 6, height: 9, width: 9, kernel: 1, stride: 2, padding: 0),
        ConvolutionCase(inChannels: 4, outChannels: 4, height: 8, width: 6, kernel: 1, stride: 2, padding: 0, batch: 3),
        // Other kernels and paddings.
        ConvolutionCase(inChannels: 3, outChannels: 5, height: 12, width: 9, kernel: 5, stride: 2, padding: 2),
        ConvolutionCase(inChannels: 3, outChannels: 5, height: 9, width: 9, kernel: 3, stride: 1, padding: 0),
        ConvolutionCase(inChannels: 2, outChannels: 3, height: 3, width: 3, kernel: 3, stride: 2, padding: 1),
        // Grouped (groups 2, not depthwise).
        ConvolutionCase(inChannels: 8, outChannels: 12, height: 7, width: 7, kernel: 3, stride: 1, padding: 1, groups: 2),
        ConvolutionCase(inChannels: 6, outChannels: 4, height: 9, width: 8, kernel: 3, stride: 2, padding: 1, groups: 2, batch: 3),
        ConvolutionCase(inChannels: 8, outChannels: 8, height: 5, width: 5, kernel: 1, stride: 1, padding: 0, groups: 2, bias: true),
        ConvolutionCase(inChannels: 8, outChannels: 8, height: 6, width: 6, kernel: 3, stride: 1, padding: 1, groups: 4, batch: 3),
    ]

    @Test("dense and grouped convolutions", arguments: denseCases)
    func convolution(_ c: ConvolutionCase) throws {
        var builder = NetworkGraphBuilder()
        let image = builder.input(TensorShape(channels: c.inChannels, height: c.height, width: c.width))
        let conv = try builder.convolution(
            "conv", image, outChannels: c.outChannels, kernel: c.kernel, stride: c.stride, padding: c.padding, groups: c.groups,
            bias: c.bias)
        try check(builder, output: conv, batch: c.batch, c.testDescription)
    }

    /// Output columns whose every tap falls right of a one- or two-pixel-wide image. Regression:
    /// the im2col bound `(width − 1 + padding − kw) / stride + 1` once truncated a small negative
    /// numerator to 0 instead of flooring it, and the column read the next row's first pixel
    /// instead of padding zero.
    static let narrowCases: [ConvolutionCase] = [
        ConvolutionCase(inChannels: 2, outChannels: 3, height: 5, width: 1, kernel: 3, stride: 2, padding: 1),
        ConvolutionCase(inChannels: 2, outChannels: 3, height: 6, width: 2, kernel: 5, stride: 2, padding: 2),
    ]

    @Test("dense strided convolutions on one- and two-pixel-wide inputs", arguments: narrowCases)
    func narrowConvolution(_ c: ConvolutionCase) throws {
        var builder = NetworkGraphBuilder()
        let image = builder.input(TensorShape(channels: c.inChannels, height: c.height, width: c.width))
        let conv = try builder.convolution(
            "conv", image, outChannels: c.outChannels, kernel: c.kernel, stride: c.stride, padding: c.padding)
        try check(builder, output: conv, batch: c.batch, c.testDescription)
    }

    /// Heights × widths for depthwise convolutions: odd and even, widths below one vector (8),
    /// between one and four vectors, and above 32 (several vectors per row, partial last ones).
    static let depthwiseSizes: [(height: Int, width: Int)] = [
        (5, 3), (4, 5), (6, 6), (7, 7), (14, 14), (28, 28), (9, 33), (57, 57), (11, 70),
    ]

    @Test("depthwise convolutions at kernel 3, 5, 7 and stride 1, 2 on many sizes", arguments: [3, 5, 7], [1, 2])
    func depthwise(kernel: Int, stride: Int) throws {
        for (height, width) in Self.depthwiseSizes {
            for batch in (height == 14 || height == 5 ? [1, 3] : [1]) {
                var builder = NetworkGraphBuilder()
                let image = builder.input(TensorShape(channels: 3, height: height, width: width))
                let conv = try builder.convolution("dw", image, outChannels: 3, kernel: kernel, stride: stride, groups: 3)
                try check(builder, output: conv, batch: batch, seed: UInt64(height * 100 + width), "dw k\(kernel)/s\(stride) on \(height)×\(width), batch \(batch)")
            }
        }
    }

    @Test("depthwise convolutions without padding, with bias, and with kernels 1 and 9 (generic path)")
    func depthwiseOther() throws {
        for (kernel, stride, padding, bias, height, width) in [
            (3, 2, 0, false, 9, 9), (3, 1, 0, true, 6, 10), (5, 2, 0, false, 12, 11),
            (1, 1, 0, false, 5, 13), (1, 2, 0, true, 7, 7), (9, 1, 4, false, 10, 12), (9, 2, 4, false, 11, 20),
        ] {
            for batch in [1, 3] {
                var builder = NetworkGraphBuilder()
                let image = builder.input(TensorShape(channels: 4, height: height, width: width))
                let conv = try builder.convolution(
                    "dw", image, outChannels: 4, kernel: kernel, stride: stride, padding: padding, groups: 4, bias: bias)
                try check(builder, output: conv, batch: batch, "dw k\(kernel)/s\(stride)/p\(padding)\(bias ? "+bias" : "") on \(height)×\(width), batch \(batch)")
            }
        }
    }

    // MARK: batch norm and ReLU, fused and standalone

    @Test("convolution → batch norm, and convolution → batch norm → ReLU (folded), dense and depthwise", arguments: [1, 3])
    func fusedConvolution(batch: Int) throws {
        for (kernel, stride, depthwise) in [(1, 1, false), (3, 1, false), (3, 2, false), (1, 2, false), (3, 1, true), (5, 2, true), (7, 1, true)] {
            for relu in [false, true] {
                var builder = NetworkGraphBuilder()
                let image = builder.input(TensorShape(channels: 6, height: 9, width: 10))
                var x = try builder.convolution(
                    "conv", image, outChannels: 6, kernel: kernel, stride: stride, groups: depthwise ? 6 : 1)
                x = try builder.batchNorm("bn", x)
                if relu { x = try builder.relu("relu", x) }
                try check(
                    builder, output: x, batch: batch,
                    "\(depthwise ? "dw" : "conv")\(kernel)x\(kernel)/s\(stride) → bn\(relu ? " → relu" : ""), batch \(batch)")
            }
        }
    }

    @Test("standalone ReLU and batch norm (nothing to fuse into)", arguments: [1, 3])
    func standaloneNormalization(batch: Int) throws {
        let shape = TensorShape(channels: 5, height: 7, width: 6)
        do {  // input → relu → conv: a ReLU before a convolution stays a step of its own.
            var builder = NetworkGraphBuilder()
            let image = builder.input(shape)
            let relu = try builder.relu("relu", image)
            let conv = try builder.convolution("conv", relu, outChannels: 4, kernel: 3)
            try check(builder, output: conv, batch: batch, "relu → conv, batch \(batch)")
        }
        do {  // A ReLU as the network output.
            var builder = NetworkGraphBuilder()
            let image = builder.input(shape)
            let relu = try builder.relu("relu", image)
            try check(builder, output: relu, batch: batch, "relu alone, batch \(batch)")
        }
        do {  // input → add → batch norm → relu: batch norm and ReLU fused into one affine step.
            var builder = NetworkGraphBuilder()
            let image = builder.input(shape)
            let sum = try builder.add("sum", [image, image])
            let norm = try builder.batchNorm("bn", sum)
            let relu = try builder.relu("relu", norm)
            try check(builder, output: relu, batch: batch, "add → bn → relu, batch \(batch)")
        }
        do {  // A batch norm on the input, no ReLU.
            var builder = NetworkGraphBuilder()
            let image = builder.input(shape)
            let norm = try builder.batchNorm("bn", image)
            try check(builder, output: norm, batch: batch, "bn alone, batch \(batch)")
        }
        do {  // conv → bn, where bn feeds a ReLU and an addition: the ReLU cannot be fused.
            var builder = NetworkGraphBuilder()
            let image = builder.input(shape)
            let conv = try builder.convolution("conv", image, outChannels: 5, kernel: 3)
            let norm = try builder.batchNorm("bn", conv)
            let relu = try builder.relu("relu", norm)
            let sum = try builder.add("sum", [relu, norm])
            try check(builder, output: sum, batch: batch, "conv → bn → (relu, add), batch \(batch)")
        }
        do {  // conv feeding a batch norm and an addition: nothing fused into the convolution.
            var builder = NetworkGraphBuilder()
            let image = builder.input(shape)
            let conv = try builder.convolution("conv", image, outChannels: 5, kernel: 1)
            let norm = try builder.batchNorm("bn", conv)
            let relu = try builder.relu("relu", norm)
            let sum = try builder.add("sum", [conv, relu])
            try check(builder, output: sum, batch: batch, "conv → (bn → relu, add), batch \(batch)")
        }
    }

    // MARK: pooling

    @Test("average and max pooling", arguments: [1, 3])
    func pooling(batch: Int) throws {
        for (height, width) in [(7, 7), (8, 6), (5, 9), (2, 3)] {
            let shape = TensorShape(channels: 3, height: height, width: width)
            for (label, kind) in [
                ("avgpool 3x3/s1/p1 excluding padding", 0), ("avgpool 3x3/s1/p1 including padding", 1),
                ("avgpool 2x2/s2/p0", 2), ("avgpool 2x2/s2/p0 excluding padding", 3), ("maxpool 3x3/s2/p1", 4),
                ("maxpool 3x3/s1/p1", 5),
            ] {
                var builder = NetworkGraphBuilder()
                let image = builder.input(shape)
                let graph: NetworkGraph
                switch kind {
                case 0...3:
                    let pooled = try builder.averagePool(
                        "pool", image, kernel: kind < 2 ? 3 : 2, stride: kind < 2 ? 1 : 2, padding: kind < 2 ? 1 : 0,
                        countIncludePad: kind == 1 || kind == 2)
                    graph = try builder.graph(output: pooled)
                case 4: graph = Self.maxPoolGraph(builder, image, kernel: 3, stride: 2, padding: 1)
                default: graph = Self.maxPoolGraph(builder, image, kernel: 3, stride: 1, padding: 1)
                }
                try check(graph, batch: batch, "\(label) on \(shape), batch \(batch)")
            }
        }
    }

    /// `builder`'s graph with a max pool of `input` appended as the output (the builder has no
    /// max-pool method; no network uses one yet, but the engine and exporter support it).
    private static func maxPoolGraph(_ builder: NetworkGraphBuilder, _ input: Int, kernel: Int, stride: Int, padding: Int) -> NetworkGraph {
        var nodes = builder.nodes
        let source = nodes[input].shape
        let shape = TensorShape(
            channels: source.channels, height: (source.height + 2 * padding - kernel) / stride + 1,
            width: (source.width + 2 * padding - kernel) / stride + 1)
        nodes.append(GraphNode(
            id: nodes.count, name: "maxpool", operation: .maxPool(kernel: kernel, stride: stride, padding: padding), inputs: [input],
            shape: shape))
        return NetworkGraph(nodes: nodes, output: nodes.count - 1)
    }

    @Test("global average pooling", arguments: [1, 3])
    func globalAveragePool(batch: Int) throws {
        for (height, width) in [(7, 7), (4, 4), (3, 5), (1, 1), (14, 14)] {
            var builder = NetworkGraphBuilder()
            let image = builder.input(TensorShape(channels: 6, height: height, width: width))
            let pooled = try builder.globalAveragePool("gap", image)
            try check(builder, output: pooled, batch: batch, "gap on \(height)×\(width), batch \(batch)")
        }
    }

    // MARK: element-wise

    @Test("addition of two and three inputs", arguments: [1, 3])
    func addition(batch: Int) throws {
        // 75 and 128 values per sample: with and without a scalar tail after the vectors.
        for shape in [TensorShape(channels: 3, height: 5, width: 5), TensorShape(channels: 8, height: 4, width: 4)] {
            for count in [2, 3] {
                var builder = NetworkGraphBuilder()
                let image = builder.input(shape)
                let branches = try (0..<count).map { index in
                    try builder.convolution("conv\(index)", image, outChannels: shape.channels, kernel: index == 1 ? 1 : 3)
                }
                let sum = try builder.add("sum", branches)
                try check(builder, output: sum, batch: batch, "add of \(count) on \(shape), batch \(batch)")
            }
        }
    }

    @Test("addition of channel-slice views of one tensor", arguments: [1, 3])
    func additionOfSlices(batch: Int) throws {
        var builder = NetworkGraphBuilder()
        let image = builder.input(TensorShape(channels: 9, height: 5, width: 5))
        let slices = try (0..<3).map { try builder.channelSlice("slice\($0)", image, start: 3 * $0, count: 3) }
        let two = try builder.add("two", [slices[2], slices[0]])
        let three = try builder.add("three", [slices[1], two, slices[0]])
        try check(builder, output: three, batch: batch, "add of slices, batch \(batch)")
    }

    @Test("zeros fill a buffer that held another value", arguments: [1, 3])
    func zeros(batch: Int) throws {
        // conv → relu frees the convolution's buffer, which the zeros node then reuses: its
        // output must really be written, not left as whatever the arena held.
        var builder = NetworkGraphBuilder()
        let image = builder.input(TensorShape(channels: 4, height: 6, width: 6))
        let conv = try builder.convolution("conv", image, outChannels: 8, kernel: 3)
        let relu = try builder.relu("relu", conv)
        let zero = try builder.zeros("zeros", like: relu)
        let negated = try builder.convolution("negated", zero, outChannels: 8, kernel: 1, bias: true)
        let sum = try builder.add("sum", [relu, negated])
        try check(builder, output: sum, batch: batch, "relu + conv(zeros), batch \(batch)")

        var direct = NetworkGraphBuilder()
        let input = direct.input(TensorShape(channels: 2, height: 3, width: 5))
        let zeros = try direct.zeros("zeros", like: input)
        let graph = try direct.graph(output: zeros)
        let output = try engineOutput(graph, weights: NetworkWeights(graph: graph, seed: 1), input: randomInput(count: batch * 30, seed: 2), batch: batch)
        #expect(output == Array(repeating: 0, count: batch * 30))
    }

    @Test("linear layers with and without bias", arguments: [1, 3])
    func linear(batch: Int) throws {
        for bias in [true, false] {
            var builder = NetworkGraphBuilder()
            let image = builder.input(TensorShape(channels: 20, height: 1, width: 1))
            let fc = try builder.linear("fc", image, outFeatures: 7, bias: bias)
            try check(builder, output: fc, batch: batch, "linear 20→7\(bias ? "+bias" : ""), batch \(batch)")
        }
        // The classifier shape of a network: conv → gap → linear.
        var builder = NetworkGraphBuilder()
        let image = builder.input(TensorShape(channels: 3, height: 5, width: 5))
        let conv = try builder.convolution("conv", image, outChannels: 12, kernel: 3)
        let pooled = try builder.globalAveragePool("gap", conv)
        let fc = try builder.linear("fc", pooled, outFeatures: 10)
        try check(builder, output: fc, batch: batch, "conv → gap → linear, batch \(batch)")
    }

    // MARK: slices, concatenation and shuffle

    @Test("a ShuffleNet block: slice, branch, concat → shuffle (fused)", arguments: [1, 3])
    func shuffleBlock(batch: Int) throws {
        var builder = NetworkGraphBuilder()
        let image = builder.input(TensorShape(channels: 8, height: 6, width: 6))
        let pass = try builder.channelSlice("pass", image, start: 0, count: 4)
        let main = try builder.channelSlice("main", image, start: 4, count: 4)
        var x = try builder.convolution("pw", main, outChannels: 4, kernel: 1)
        x = try builder.batchNorm("bn", x)
        x = try builder.relu("relu", x)
        let joined = try builder.concat("concat", [pass, x])
        let shuffled = try builder.channelShuffle("shuffle", joined, groups: 2)
        try check(builder, output: shuffled, batch: batch, "slice/concat/shuffle block, batch \(batch)")
    }

    @Test("concatenation, standalone shuffle, unfused concat → shuffle, and slices as outputs", arguments: [1, 3])
    func planes(batch: Int) throws {
        let shape = TensorShape(channels: 6, height: 5, width: 4)
        do {  // Three inputs of different widths, no shuffle.
            var builder = NetworkGraphBuilder()
            let image = builder.input(shape)
            let a = try builder.convolution("a", image, outChannels: 2, kernel: 1)
            let b = try builder.channelSlice("b", image, start: 1, count: 3)
            let c = try builder.convolution("c", image, outChannels: 5, kernel: 3)
            let joined = try builder.concat("concat", [a, b, c])
            try check(builder, output: joined, batch: batch, "concat of 3, batch \(batch)")
        }
        for groups in [2, 3, 4] {  // A shuffle on its own (no concatenation before it).
            var builder = NetworkGraphBuilder()
            let image = builder.input(shape)
            let conv = try builder.convolution("conv", image, outChannels: 12, kernel: 1)
            let shuffled = try builder.channelShuffle("shuffle", conv, groups: groups)
            try check(builder, output: shuffled, batch: batch, "shuffle in \(groups) groups, batch \(batch)")
        }
        do {  // Concat → shuffle where the concatenation is also read elsewhere: not fused.
            var builder = NetworkGraphBuilder()
            let image = builder.input(shape)
            let a = try builder.channelSlice("a", image, start: 0, count: 2)
            let b = try builder.convolution("b", image, outChannels: 4, kernel: 3)
            let joined = try builder.concat("concat", [b, a])
            let shuffled = try builder.channelShuffle("shuffle", joined, groups: 2)
            let sum = try builder.add("sum", [shuffled, joined])
            try check(builder, output: sum, batch: batch, "concat → (shuffle, add), batch \(batch)")
        }
        do {  // A concat → shuffle of three inputs in three groups.
            var builder = NetworkGraphBuilder()
            let image = builder.input(shape)
            let a = try builder.channelSlice("a", image, start: 0, count: 3)
            let b = try builder.convolution("b", image, outChannels: 3, kernel: 1)
            let c = try builder.channelSlice("c", image, start: 3, count: 3)
            let joined = try builder.concat("concat", [a, b, c])
            let shuffled = try builder.channelShuffle("shuffle", joined, groups: 3)
            try check(builder, output: shuffled, batch: batch, "concat of 3 → shuffle in 3, batch \(batch)")
        }
        do {  // A slice of a slice as the network output: a view of a view.
            var builder = NetworkGraphBuilder()
            let image = builder.input(shape)
            let conv = try builder.convolution("conv", image, outChannels: 8, kernel: 3)
            let outer = try builder.channelSlice("outer", conv, start: 2, count: 5)
            let inner = try builder.channelSlice("inner", outer, start: 1, count: 3)
            try check(builder, output: inner, batch: batch, "slice of slice, batch \(batch)")
        }
        do {  // Slices feeding a ReLU, a convolution and global pooling → linear.
            var builder = NetworkGraphBuilder()
            let image = builder.input(shape)
            let first = try builder.channelSlice("first", image, start: 0, count: 3)
            let second = try builder.channelSlice("second", image, start: 3, count: 3)
            let relu = try builder.relu("relu", first)
            let conv = try builder.convolution("conv", second, outChannels: 3, kernel: 3, stride: 2)
            let pooledA = try builder.globalAveragePool("gapA", relu)
            let pooledB = try builder.globalAveragePool("gapB", conv)
            let vector = try builder.concat("vector", [pooledA, pooledB])
            let half = try builder.channelSlice("half", vector, start: 1, count: 4)
            let fc = try builder.linear("fc", half, outFeatures: 5)
            try check(builder, output: fc, batch: batch, "slices → relu/conv → gap → linear on a slice, batch \(batch)")
        }
    }

    // MARK: the compiled network's contract

    @Test("value(of:) gives unfused intermediate values; fused nodes give nil")
    func intermediateValues() throws {
        var builder = NetworkGraphBuilder()
        let image = builder.input(TensorShape(channels: 3, height: 6, width: 6))
        let conv = try builder.convolution("conv", image, outChannels: 4, kernel: 3)
        let norm = try builder.batchNorm("bn", conv)
        let relu = try builder.relu("relu", norm)
        let pooled = try builder.globalAveragePool("gap", relu)
        let graph = try builder.graph(output: pooled)
        let weights = NetworkWeights(graph: graph, seed: 4)
        let input = randomInput(count: 2 * 108, seed: 5)
        let network = try CompiledNetwork(graph: graph, weights: weights, batch: 2)
        try network.setInput(input)
        network.run()
        let reference = ReferenceNetwork.evaluate(graph, weights: weights, input: input, batch: 2)
        #expect(network.value(of: conv) == nil)
        #expect(network.value(of: norm) == nil)
        expectClose(try #require(network.value(of: relu)), reference[relu], "conv → bn → relu value")
        expectClose(network.output, reference[pooled], "output")
        #expect(network.value(of: pooled) == network.output)
        #expect(network.stepCount == 2)
    }

    @Test("a second run over the same input gives the same output")
    func repeatableRun() throws {
        // input → conv → conv → conv: once the first convolution has read the input, the planner
        // frees the input's buffer and a later step of the same run may overwrite it.
        var builder = NetworkGraphBuilder()
        let image = builder.input(TensorShape(channels: 8, height: 8, width: 8))
        var x = try builder.convolution("conv1", image, outChannels: 16, kernel: 3)
        x = try builder.convolution("conv2", x, outChannels: 8, kernel: 3)
        x = try builder.convolution("conv3", x, outChannels: 4, kernel: 3)
        let graph = try builder.graph(output: x)
        let weights = NetworkWeights(graph: graph, seed: 6)
        let input = randomInput(count: 512, seed: 7)
        let network = try CompiledNetwork(graph: graph, weights: weights, batch: 1)
        try network.setInput(input)
        network.run()
        let first = network.output
        expectClose(first, ReferenceNetwork.output(graph, weights: weights, input: input, batch: 1), "first run")
        network.run()
        let same = network.output == first
        #expect(same, "the second run differs from the first (worst \(zip(network.output, first).map { abs($0 - $1) }.max() ?? 0))")
    }

    @Test("wrong input sizes and batch sizes are refused")
    func refusals() throws {
        var builder = NetworkGraphBuilder()
        let image = builder.input(TensorShape(channels: 2, height: 3, width: 3))
        let relu = try builder.relu("relu", image)
        let graph = try builder.graph(output: relu)
        let weights = NetworkWeights(graph: graph, seed: 1)
        let network = try CompiledNetwork(graph: graph, weights: weights, batch: 2)
        #expect(network.inputCount == 36 && network.outputCount == 36)
        #expect { try network.setInput(Array(repeating: 1, count: 18)) } throws: { error in
            (error as? EngineError)?.node == "input"
        }
        #expect(throws: EngineError.self) { try CompiledNetwork(graph: graph, weights: weights, batch: 0) }
    }
}
