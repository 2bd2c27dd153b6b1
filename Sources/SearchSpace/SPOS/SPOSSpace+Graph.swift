extension SPOSSpace {
    /// The whole network for an architecture, as in SPOS's ShuffleNetV2 one-shot model: a 3×3
    /// stride-2 stem (16 channels), four stages whose first block has stride 2, a 1×1 convolution
    /// to 1024 channels, global average pooling and a linear classifier.
    ///
    /// A block with `inp` input and `out` output channels: with stride 1 the input is split in
    /// halves, the first passes through and the second goes through the main branch; with stride 2
    /// a projection branch (depthwise k×k stride 2, BN, 1×1, BN, ReLU) replaces the pass-through
    /// and the main branch sees the whole input. The halves are concatenated and shuffled in two
    /// groups (ShuffleNetV2's order). The main branch has `mid = ⌊out / 2 · ratio⌋` middle channels:
    /// ShuffleNet blocks are 1×1 → depthwise k×k → 1×1; the Xception block is three
    /// (depthwise 3×3 → 1×1) pairs. Every convolution is followed by batch norm, every 1×1 by ReLU.
    public func graph(
        for architecture: Architecture, inputResolution: Int = 224, classes: Int = 1000
    ) throws(GraphError) -> NetworkGraph {
        do {
            try validate(architecture)
        } catch {
            throw GraphError(node: "network", reason: error.description)
        }
        var builder = NetworkGraphBuilder()
        let image = builder.input(TensorShape(channels: 3, height: inputResolution, width: inputResolution))
        var x = try Self.convBN(&builder, "stem", image, outChannels: 16, kernel: 3, stride: 2, relu: true)
        var channels = 16
        var layer = 0
        for (stage, depth) in Self.stageDepths.enumerated() {
            let out = Self.stageChannels[stage]
            for index in 0..<depth {
                let block = architecture.genes[2 * layer]
                let mid = Self.middleChannels(layer: layer, ratioGene: architecture.genes[2 * layer + 1])
                x = try Self.block(
                    &builder, "stage\(stage + 1).layer\(layer + 1)", x, inChannels: channels, outChannels: out, mid: mid,
                    block: block, stride: index == 0 ? 2 : 1)
                channels = out
                layer += 1
            }
        }
        x = try Self.convBN(&builder, "head.conv", x, outChannels: 1024, kernel: 1, relu: true)
        x = try builder.globalAveragePool("head.pool", x)
        x = try builder.linear("head.classifier", x, outFeatures: classes)
        return try builder.graph(output: x)
    }

    /// The middle channels of layer `layer` (0-based) at ratio gene `ratioGene`.
    public static func middleChannels(layer: Int, ratioGene: Int) -> Int {
        // Integer arithmetic: ratio = (gene + 1) / 5, so no float rounding can move a channel.
        max(1, stageChannels[stageOfLayer[layer]] / 2 * (ratioGene + 1) / 5)
    }

    private static func convBN(
        _ builder: inout NetworkGraphBuilder, _ name: String, _ input: Int, outChannels: Int, kernel: Int,
        stride: Int = 1, depthwise: Bool = false, relu: Bool
    ) throws(GraphError) -> Int {
        let groups = depthwise ? outChannels : 1
        var x = try builder.convolution("\(name).conv", input, outChannels: outChannels, kernel: kernel, stride: stride, groups: groups)
        x = try builder.batchNorm("\(name).bn", x)
        return relu ? try builder.relu("\(name).relu", x) : x
    }

    /// The depthwise kernel of a block: 3, 5 or 7 for a ShuffleNet block, 3 for the Xception block.
    private static func depthwiseKernel(of block: String, node: String) throws(GraphError) -> Int {
        if block == "xc" { return 3 }
        guard block.first == "k", let kernel = Int(block.dropFirst()) else {
            throw GraphError(node: node, reason: "unknown block '\(block)' (expected one of \(blocks.joined(separator: ", ")))")
        }
        return kernel
    }

    private static func block(
        _ builder: inout NetworkGraphBuilder, _ name: String, _ input: Int, inChannels: Int, outChannels: Int, mid: Int,
        block: Int, stride: Int
    ) throws(GraphError) -> Int {
        let passed: Int
        let mainInput: Int
        let mainIn: Int
        if stride == 1 {
            let half = inChannels / 2
            passed = try builder.channelSlice("\(name).split.pass", input, start: 0, count: half)
            mainInput = try builder.channelSlice("\(name).split.main", input, start: half, count: inChannels - half)
            mainIn = inChannels - half
        } else {
            let kernel = try depthwiseKernel(of: blocks[block], node: name)
            let projected = try convBN(
                &builder, "\(name).proj.dw", input, outChannels: inChannels, kernel: kernel, stride: 2, depthwise: true, relu: false)
            passed = try convBN(&builder, "\(name).proj.pw", projected, outChannels: inChannels, kernel: 1, relu: true)
            mainInput = input
            mainIn = inChannels
        }
        let passedChannels = stride == 1 ? inChannels / 2 : inChannels
        let mainOut = outChannels - passedChannels
        var x = mainInput
        if blocks[block] == "xc" {
            var channels = mainIn
            for step in 1...3 {
                x = try convBN(
                    &builder, "\(name).main.dw\(step)", x, outChannels: channels, kernel: 3, stride: step == 1 ? stride : 1,
                    depthwise: true, relu: false)
                channels = step == 3 ? mainOut : mid
                x = try convBN(&builder, "\(name).main.pw\(step)", x, outChannels: channels, kernel: 1, relu: true)
            }
        } else {
            let kernel = try depthwiseKernel(of: blocks[block], node: name)
            x = try convBN(&builder, "\(name).main.pw1", x, outChannels: mid, kernel: 1, relu: true)
            x = try convBN(&builder, "\(name).main.dw", x, outChannels: mid, kernel: kernel, stride: stride, depthwise: true, relu: false)
            x = try convBN(&builder, "\(name).main.pw2", x, outChannels: mainOut, kernel: 1, relu: true)
        }
        let joined = try builder.concat("\(name).concat", [passed, x])
        return try builder.channelShuffle("\(name).shuffle", joined, groups: 2)
    }
}
