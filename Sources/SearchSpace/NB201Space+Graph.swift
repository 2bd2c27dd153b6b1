extension NB201Space {
    /// The whole NAS-Bench-201 network for a cell, as trained for the benchmark: a 3×3 stem
    /// (16 channels), three stages of 5 cells at 16, 32 and 64 channels joined by residual
    /// reduction blocks (stride 2), then batch norm, ReLU, global average pooling and a linear
    /// classifier. Conv ops are ReLU → conv → BN; `avg_pool_3x3` is stride 1, padding 1, not
    /// counting padding; `skip_connect` is the identity and `none` contributes nothing.
    ///
    /// - Parameters:
    ///   - inputResolution: 32 for CIFAR-10/100, 16 for ImageNet16-120.
    ///   - classes: 10, 100 or 120.
    public func graph(
        for architecture: Architecture, inputResolution: Int = 32, classes: Int = 10
    ) throws(GraphError) -> NetworkGraph {
        do {
            try validate(architecture)
        } catch {
            throw GraphError(node: "cell", reason: error.description)
        }
        var builder = NetworkGraphBuilder()
        let image = builder.input(TensorShape(channels: 3, height: inputResolution, width: inputResolution))
        var x = try builder.convolution("stem.conv", image, outChannels: 16, kernel: 3)
        x = try builder.batchNorm("stem.bn", x)
        var channels = 16
        for stage in 1...3 {
            if stage > 1 {
                channels *= 2
                x = try Self.reduction(&builder, "reduction\(stage)", x, outChannels: channels)
            }
            for cell in 1...5 {
                x = try Self.cell(&builder, "stage\(stage).cell\(cell)", x, genes: architecture.genes, channels: channels)
            }
        }
        x = try builder.batchNorm("head.bn", x)
        x = try builder.relu("head.relu", x)
        x = try builder.globalAveragePool("head.pool", x)
        x = try builder.linear("head.classifier", x, outFeatures: classes)
        return try builder.graph(output: x)
    }

    private static func reluConvBN(
        _ builder: inout NetworkGraphBuilder, _ name: String, _ input: Int, outChannels: Int, kernel: Int, stride: Int = 1
    ) throws(GraphError) -> Int {
        let activated = try builder.relu("\(name).relu", input)
        let convolved = try builder.convolution("\(name).conv", activated, outChannels: outChannels, kernel: kernel, stride: stride)
        return try builder.batchNorm("\(name).bn", convolved)
    }

    /// ResNet basic block with stride 2; the shortcut is 2×2 average pooling and a 1×1 convolution.
    private static func reduction(
        _ builder: inout NetworkGraphBuilder, _ name: String, _ input: Int, outChannels: Int
    ) throws(GraphError) -> Int {
        let a = try reluConvBN(&builder, "\(name).a", input, outChannels: outChannels, kernel: 3, stride: 2)
        let b = try reluConvBN(&builder, "\(name).b", a, outChannels: outChannels, kernel: 3)
        let pooled = try builder.averagePool("\(name).shortcut.pool", input, kernel: 2, stride: 2, padding: 0, countIncludePad: true)
        let shortcut = try builder.convolution("\(name).shortcut.conv", pooled, outChannels: outChannels, kernel: 1)
        return try builder.add("\(name).add", [shortcut, b])
    }

    private static func cell(
        _ builder: inout NetworkGraphBuilder, _ name: String, _ input: Int, genes: [Int], channels: Int
    ) throws(GraphError) -> Int {
        var values = [input]
        var gene = 0
        for target in 1...3 {
            var contributions: [Int] = []
            for source in 0..<target {
                let edge = "\(name).edge\(target)<-\(source)"
                switch operations[genes[gene]] {
                case "skip_connect":
                    contributions.append(values[source])
                case "nor_conv_1x1":
                    contributions.append(try reluConvBN(&builder, edge, values[source], outChannels: channels, kernel: 1))
                case "nor_conv_3x3":
                    contributions.append(try reluConvBN(&builder, edge, values[source], outChannels: channels, kernel: 3))
                case "avg_pool_3x3":
                    contributions.append(
                        try builder.averagePool("\(edge).pool", values[source], kernel: 3, stride: 1, padding: 1, countIncludePad: false))
                default:
                    break  // none: contributes nothing
                }
                gene += 1
            }
            values.append(
                contributions.isEmpty
                    ? try builder.zeros("\(name).node\(target).zeros", like: input)
                    : try builder.add("\(name).node\(target)", contributions))
        }
        return values[3]
    }
}
