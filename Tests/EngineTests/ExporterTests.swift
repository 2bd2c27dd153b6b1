import Foundation
import ONNX
import ONNXExport
import SearchSpace
import TestSupport
import Testing

/// The exporter's model decoded back from its bytes: opset, one node per graph operation with the
/// graph's attributes, initializers equal to the weights bit for bit, and input/output shapes; and
/// the official ONNX checker's verdict.
@Suite("ONNX exporter round trip")
struct ExporterTests {
    /// A spos network that uses every block kind (k3, k5, k7, xc) at several ratios.
    static let sposArchitecture =
        "k3:1.0-k5:0.2-k7:1.6-xc:0.4-xc:1.0-k3:0.6-k5:1.2-k7:0.8-k7:1.4-xc:0.2-k3:1.6-k5:1.0-k3:0.4-xc:0.8-k7:0.6-k5:1.4-xc:1.6-k3:0.2-k5:0.8-k7:1.0"

    private func sposGraph() throws -> NetworkGraph {
        let space = SPOSSpace()
        return try space.graph(for: try space.parse(Self.sposArchitecture))
    }

    private func decode(_ graph: NetworkGraph, weights: NetworkWeights, batch: Int?) throws -> Onnx_ModelProto {
        let bytes = try ONNXExporter.modelBytes(graph: graph, weights: weights, batch: batch)
        return try Onnx_ModelProto(serializedBytes: bytes)
    }

    private func attribute(_ node: Onnx_NodeProto, _ name: String) -> Onnx_AttributeProto? {
        node.attribute.first { $0.name == name }
    }

    private func bits(_ values: [Float]) -> Data {
        values.withUnsafeBytes { Data($0) }
    }

    /// Checks the Conv, BatchNormalization and Gemm nodes and their initializers against the
    /// graph and weights; returns how many of each were compared.
    private func checkNodesAndInitializers(
        _ model: Onnx_ModelProto, graph: NetworkGraph, weights: NetworkWeights, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> (convolutions: Int, batchNorms: Int, linears: Int) {
        let initializers = Dictionary(model.graph.initializer.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        #expect(initializers.count == model.graph.initializer.count, "initializer names are not unique", sourceLocation: sourceLocation)
        func initializer(_ name: String) throws -> Onnx_TensorProto {
            try #require(initializers[name], "no initializer '\(name)'", sourceLocation: sourceLocation)
        }
        func expectFloats(_ tensor: Onnx_TensorProto, dims: [Int], _ values: [Float], _ what: String) {
            #expect(tensor.dataType == Int32(Onnx_TensorProto.DataType.float.rawValue), "\(what): data type", sourceLocation: sourceLocation)
            #expect(tensor.dims == dims.map(Int64.init), "\(what): dims \(tensor.dims), expected \(dims)", sourceLocation: sourceLocation)
            // Compared outside #expect: a failing == on megabytes of Data makes it compute a diff for minutes.
            let identical = tensor.rawData == bits(values)
            #expect(identical, "\(what): raw data (\(tensor.rawData.count) bytes) differs from the weights (\(values.count) floats)", sourceLocation: sourceLocation)
        }

        let convNodes = model.graph.node.filter { $0.opType == "Conv" }
        let graphConvolutions = graph.nodes.filter { if case .convolution = $0.operation { true } else { false } }
        #expect(convNodes.count == graphConvolutions.count, sourceLocation: sourceLocation)
        for (onnx, node) in zip(convNodes, graphConvolutions) {
            guard case .convolution(let outChannels, let kernel, let stride, let padding, let groups, let hasBias) = node.operation else { continue }
            let label = "Conv \(onnx.name) for \(node.name)"
            #expect(onnx.name == node.name, sourceLocation: sourceLocation)
            #expect(attribute(onnx, "kernel_shape")?.ints == [Int64(kernel), Int64(kernel)], "\(label): kernel_shape", sourceLocation: sourceLocation)
            #expect(attribute(onnx, "strides")?.ints == [Int64(stride), Int64(stride)], "\(label): strides", sourceLocation: sourceLocation)
            #expect(attribute(onnx, "pads")?.ints == Array(repeating: Int64(padding), count: 4), "\(label): pads", sourceLocation: sourceLocation)
            #expect(attribute(onnx, "group")?.i == Int64(groups), "\(label): group", sourceLocation: sourceLocation)
            #expect(attribute(onnx, "group")?.type == .int, "\(label): group type", sourceLocation: sourceLocation)
            #expect(onnx.input.count == (hasBias ? 3 : 2), "\(label): inputs \(onnx.input)", sourceLocation: sourceLocation)
            let stored = try #require(weights.convolutions[node.id])
            let inChannels = graph.nodes[node.inputs[0]].shape.channels
            expectFloats(try initializer(onnx.input[1]), dims: [outChannels, inChannels / groups, kernel, kernel], stored.kernel, "\(label) weight")
            if let bias = stored.bias, onnx.input.count > 2 {
                expectFloats(try initializer(onnx.input[2]), dims: [outChannels], bias, "\(label) bias")
            }
        }

        let normNodes = model.graph.node.filter { $0.opType == "BatchNormalization" }
        let graphNorms = graph.nodes.filter { $0.operation == .batchNorm }
        #expect(normNodes.count == graphNorms.count, sourceLocation: sourceLocation)
        for (onnx, node) in zip(normNodes, graphNorms) {
            let norm = try #require(weights.batchNorms[node.id])
            let label = "BatchNormalization \(onnx.name) for \(node.name)"
            try #require(onnx.input.count == 5, "\(label): inputs \(onnx.input)", sourceLocation: sourceLocation)
            let channels = [node.shape.channels]
            expectFloats(try initializer(onnx.input[1]), dims: channels, norm.scale, "\(label) scale")
            expectFloats(try initializer(onnx.input[2]), dims: channels, norm.shift, "\(label) shift")
            expectFloats(try initializer(onnx.input[3]), dims: channels, norm.mean, "\(label) mean")
            expectFloats(try initializer(onnx.input[4]), dims: channels, norm.variance, "\(label) variance")
            #expect(attribute(onnx, "epsilon")?.f == norm.epsilon, "\(label): epsilon", sourceLocation: sourceLocation)
        }

        let gemmNodes = model.graph.node.filter { $0.opType == "Gemm" }
        let graphLinears = graph.nodes.filter { if case .linear = $0.operation { true } else { false } }
        #expect(gemmNodes.count == graphLinears.count, sourceLocation: sourceLocation)
        for (onnx, node) in zip(gemmNodes, graphLinears) {
            let linear = try #require(weights.linears[node.id])
            let label = "Gemm \(onnx.name) for \(node.name)"
            #expect(attribute(onnx, "transB")?.i == 1, "\(label): transB", sourceLocation: sourceLocation)
            try #require(onnx.input.count == (linear.bias == nil ? 2 : 3), "\(label): inputs \(onnx.input)", sourceLocation: sourceLocation)
            expectFloats(
                try initializer(onnx.input[1]), dims: [node.shape.channels, graph.nodes[node.inputs[0]].shape.count], linear.matrix,
                "\(label) weight")
            if let bias = linear.bias { expectFloats(try initializer(onnx.input[2]), dims: [node.shape.channels], bias, "\(label) bias") }
        }
        return (convNodes.count, normNodes.count, gemmNodes.count)
    }

    private func dims(_ info: Onnx_ValueInfoProto) -> [String] {
        info.type.tensorType.shape.dim.map { dimension in
            switch dimension.value {
            case .dimValue(let value)?: "\(value)"
            case .dimParam(let name)?: name
            case nil: "?"
            }
        }
    }

    @Test("a spos model decodes back with opset 17, the graph's convolutions and the weights bit for bit")
    func sposRoundTrip() async throws {
        let graph = try sposGraph()
        let weights = NetworkWeights(graph: graph, seed: 5)
        // Encoding and decoding 13 MB of protobuf in a debug build takes a while: off the pool.
        let model = try await offPool { try self.decode(graph, weights: weights, batch: 1) }
        #expect(model.opsetImport.count == 1)
        #expect(model.opsetImport.first?.domain == "")
        #expect(model.opsetImport.first?.version == 17)
        #expect(ONNXExporter.opset == 17)
        #expect(model.irVersion >= 7)

        let counts = try checkNodesAndInitializers(model, graph: graph, weights: weights)
        // stem + head + per block (stride 2: 2 projection + main; stride 1: main), every one a Conv.
        #expect(counts.convolutions > 60)
        #expect(counts.batchNorms == counts.convolutions)
        #expect(counts.linears == 1)
        // Depthwise convolutions are exported with group = channels.
        let depthwise = model.graph.node.filter { $0.opType == "Conv" && (attribute($0, "group")?.i ?? 1) > 1 }
        #expect(!depthwise.isEmpty)
        #expect(model.graph.node.filter { $0.opType == "Concat" }.count == 20)
        #expect(model.graph.node.filter { $0.opType == "Transpose" }.count == 20)
        #expect(model.graph.node.filter { $0.opType == "Slice" }.count == 2 * 16)

        #expect(model.graph.input.map(\.name) == [ONNXExporter.inputName])
        #expect(model.graph.output.map(\.name) == [ONNXExporter.outputName])
        #expect(dims(try #require(model.graph.input.first)) == ["1", "3", "224", "224"])
        #expect(dims(try #require(model.graph.output.first)) == ["1", "1000"])
        #expect(model.graph.input.first?.type.tensorType.elemType == Int32(Onnx_TensorProto.DataType.float.rawValue))
        // Every node input is the graph input, an initializer or an earlier node's output.
        var known = Set([ONNXExporter.inputName] + model.graph.initializer.map(\.name))
        for node in model.graph.node {
            for input in node.input { #expect(known.contains(input), "\(node.name) reads unknown '\(input)'") }
            known.formUnion(node.output)
        }
        #expect(known.contains(ONNXExporter.outputName))
    }

    @Test("batch sizes: fixed 4 and dynamic N on the input and output")
    func batchDimension() throws {
        let graph = try sposGraph()
        let weights = NetworkWeights(graph: graph, seed: 1)
        let fixed = try decode(graph, weights: weights, batch: 4)
        #expect(dims(try #require(fixed.graph.input.first)) == ["4", "3", "224", "224"])
        #expect(dims(try #require(fixed.graph.output.first)) == ["4", "1000"])
        let dynamic = try decode(graph, weights: weights, batch: nil)
        #expect(dims(try #require(dynamic.graph.input.first)) == ["N", "3", "224", "224"])
        #expect(dims(try #require(dynamic.graph.output.first)) == ["N", "1000"])
    }

    @Test("an nb201 model: pooling attributes, zeros, and a spatial output shape")
    func nb201AndSmallGraphs() throws {
        let space = NB201Space()
        let graph = try space.graph(for: try space.parse("|none~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|skip_connect~0|nor_conv_1x1~1|none~2|"))
        let weights = NetworkWeights(graph: graph, seed: 3)
        let model = try decode(graph, weights: weights, batch: 1)
        let counts = try checkNodesAndInitializers(model, graph: graph, weights: weights)
        #expect(counts.convolutions == graph.nodes.filter { if case .convolution = $0.operation { true } else { false } }.count)
        #expect(dims(try #require(model.graph.input.first)) == ["1", "3", "32", "32"])
        #expect(dims(try #require(model.graph.output.first)) == ["1", "10"])
        let pools = model.graph.node.filter { $0.opType == "AveragePool" }
        let graphPools = graph.nodes.filter { if case .averagePool = $0.operation { true } else { false } }
        #expect(pools.count == graphPools.count && !pools.isEmpty)
        for (onnx, node) in zip(pools, graphPools) {
            guard case .averagePool(let kernel, let stride, let padding, let countIncludePad) = node.operation else { continue }
            #expect(attribute(onnx, "kernel_shape")?.ints == [Int64(kernel), Int64(kernel)])
            #expect(attribute(onnx, "strides")?.ints == [Int64(stride), Int64(stride)])
            #expect(attribute(onnx, "pads")?.ints == Array(repeating: Int64(padding), count: 4))
            #expect(attribute(onnx, "count_include_pad")?.i == (countIncludePad ? 1 : 0), "\(node.name)")
        }
        #expect(model.graph.node.filter { $0.opType == "ConstantOfShape" }.count == graph.nodes.filter { $0.operation == .zeros }.count)

        // A graph ending in a convolution with bias: 4-D output, bias initializer.
        var builder = NetworkGraphBuilder()
        let image = builder.input(TensorShape(channels: 3, height: 9, width: 7))
        let conv = try builder.convolution("conv", image, outChannels: 5, kernel: 3, stride: 2, groups: 1, bias: true)
        let small = try builder.graph(output: conv)
        let smallWeights = NetworkWeights(graph: small, seed: 2)
        let smallModel = try decode(small, weights: smallWeights, batch: 2)
        let smallCounts = try checkNodesAndInitializers(smallModel, graph: small, weights: smallWeights)
        #expect(smallCounts.convolutions == 1)
        #expect(smallModel.graph.node.first { $0.opType == "Conv" }?.input.count == 3)
        #expect(dims(try #require(smallModel.graph.output.first)) == ["2", "5", "5", "4"])
    }

    @Test("onnx.checker accepts an exported spos model (full check)")
    func onnxChecker() async throws {
        let graph = try sposGraph()
        let model = TestFolder.root.appendingPathComponent("engine-\(UUID().uuidString).onnx")
        defer { try? FileManager.default.removeItem(at: model) }
        try ONNXExporter.write(graph: graph, weights: NetworkWeights(graph: graph, seed: 9), batch: nil, to: model)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", "-c",
            "import sys, onnx; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True); print('ok')", model.path,
        ]
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        // Read before waiting so a chatty checker cannot fill the pipe and block; all of it off the
        // cooperative pool, which the socket tests running alongside need.
        let (printed, complaints) = try await offPool {
            let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            let complaints = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (printed, complaints)
        }
        #expect(process.terminationStatus == 0, "onnx.checker failed: \(complaints)")
        #expect(printed.contains("ok"))
    }
}
