import Foundation
import ONNX
import SearchSpace

/// Emits the ONNX nodes and initializers of one graph, node by node, naming each value after
/// its graph node (made unique) so a model viewer shows the same names as hsconas's logs.
struct ONNXGraphWriter {
    let graph: NetworkGraph
    let weights: NetworkWeights
    private(set) var output = Onnx_GraphProto()
    private var valueNames: [Int: String] = [:]
    private var usedNames = Set<String>()

    init(graph: NetworkGraph, weights: NetworkWeights) {
        self.graph = graph
        self.weights = weights
    }

    mutating func write() throws(GraphError) {
        for node in graph.nodes {
            try emit(node)
        }
        // The graph output gets the fixed name through an Identity.
        guard let last = valueNames[graph.output] else {
            throw GraphError(node: "(output)", reason: "node \(graph.output) produced no value")
        }
        output.node.append(makeNode("Identity", inputs: [last], outputs: [ONNXExporter.outputName], name: "output"))
    }

    private mutating func unique(_ base: String) -> String {
        var name = base
        var suffix = 1
        while usedNames.contains(name) {
            suffix += 1
            name = "\(base)#\(suffix)"
        }
        usedNames.insert(name)
        return name
    }

    private mutating func emit(_ node: GraphNode) throws(GraphError) {
        var inputs: [String] = []
        for input in node.inputs {
            // The graph lists nodes in execution order, so every input has been written already.
            guard let name = valueNames[input] else {
                throw GraphError(node: node.name, reason: "reads node \(input) before it is written")
            }
            inputs.append(name)
        }
        let result = unique(node.name)
        func requireWeights<T>(_ value: T?) throws(GraphError) -> T {
            guard let value else { throw GraphError(node: node.name, reason: "no weights for this node") }
            return value
        }
        switch node.operation {
        case .input:
            valueNames[node.id] = ONNXExporter.inputName
            usedNames.insert(ONNXExporter.inputName)
            return
        case .convolution(let outChannels, let kernel, let stride, let padding, let groups, _):
            let convolution = try requireWeights(weights.convolutions[node.id])
            let inChannels = graph.nodes[node.inputs[0]].shape.channels
            var names = inputs + [initializer("\(result).weight", [outChannels, inChannels / groups, kernel, kernel], convolution.kernel)]
            if let bias = convolution.bias { names.append(initializer("\(result).bias", [outChannels], bias)) }
            output.node.append(makeNode(
                "Conv", inputs: names, outputs: [result], name: result,
                attributes: [
                    .ints("kernel_shape", [kernel, kernel]), .ints("strides", [stride, stride]),
                    .ints("pads", [padding, padding, padding, padding]), .ints("dilations", [1, 1]), .int("group", groups),
                ]))
        case .batchNorm:
            let norm = try requireWeights(weights.batchNorms[node.id])
            let channels = [node.shape.channels]
            output.node.append(makeNode(
                "BatchNormalization",
                inputs: inputs + [
                    initializer("\(result).scale", channels, norm.scale), initializer("\(result).shift", channels, norm.shift),
                    initializer("\(result).mean", channels, norm.mean), initializer("\(result).variance", channels, norm.variance),
                ],
                outputs: [result], name: result, attributes: [.float("epsilon", norm.epsilon)]))
        case .relu:
            output.node.append(makeNode("Relu", inputs: inputs, outputs: [result], name: result))
        case .averagePool(let kernel, let stride, let padding, let countIncludePad):
            output.node.append(makeNode(
                "AveragePool", inputs: inputs, outputs: [result], name: result,
                attributes: [
                    .ints("kernel_shape", [kernel, kernel]), .ints("strides", [stride, stride]),
                    .ints("pads", [padding, padding, padding, padding]), .int("count_include_pad", countIncludePad ? 1 : 0),
                ]))
        case .maxPool(let kernel, let stride, let padding):
            output.node.append(makeNode(
                "MaxPool", inputs: inputs, outputs: [result], name: result,
                attributes: [
                    .ints("kernel_shape", [kernel, kernel]), .ints("strides", [stride, stride]),
                    .ints("pads", [padding, padding, padding, padding]),
                ]))
        case .globalAveragePool:
            output.node.append(makeNode("GlobalAveragePool", inputs: inputs, outputs: [result], name: result))
        case .add:
            output.node.append(makeNode(inputs.count == 2 ? "Add" : "Sum", inputs: inputs, outputs: [result], name: result))
        case .zeros:
            let shape = unique("\(result).shape")
            output.node.append(makeNode("Shape", inputs: inputs, outputs: [shape], name: shape))
            output.node.append(makeNode(
                "ConstantOfShape", inputs: [shape], outputs: [result], name: result,
                attributes: [.tensor("value", tensor("", dims: [1], floats: [0]))]))
        case .linear(let outFeatures, _):
            let linear = try requireWeights(weights.linears[node.id])
            let inFeatures = graph.nodes[node.inputs[0]].shape.count
            let flat = unique("\(result).flatten")
            output.node.append(makeNode("Flatten", inputs: inputs, outputs: [flat], name: flat, attributes: [.int("axis", 1)]))
            var names = [flat, initializer("\(result).weight", [outFeatures, inFeatures], linear.matrix)]
            if let bias = linear.bias { names.append(initializer("\(result).bias", [outFeatures], bias)) }
            output.node.append(makeNode(
                "Gemm", inputs: names, outputs: [result], name: result,
                attributes: [.int("transB", 1), .float("alpha", 1), .float("beta", 1)]))
        case .channelShuffle(let groups):
            let source = graph.nodes[node.inputs[0]].shape
            let grouped = unique("\(result).grouped")
            let transposed = unique("\(result).transposed")
            output.node.append(makeNode(
                "Reshape",
                inputs: inputs + [integers("\(result).grouped_shape", [0, groups, source.channels / groups, source.height, source.width])],
                outputs: [grouped], name: grouped))
            output.node.append(makeNode(
                "Transpose", inputs: [grouped], outputs: [transposed], name: transposed, attributes: [.ints("perm", [0, 2, 1, 3, 4])]))
            output.node.append(makeNode(
                "Reshape",
                inputs: [transposed, integers("\(result).shape", [0, source.channels, source.height, source.width])],
                outputs: [result], name: result))
        case .channelSlice(let start, let count):
            output.node.append(makeNode(
                "Slice",
                inputs: inputs + [
                    integers("\(result).starts", [start]), integers("\(result).ends", [start + count]), integers("\(result).axes", [1]),
                ],
                outputs: [result], name: result))
        case .concat:
            output.node.append(makeNode("Concat", inputs: inputs, outputs: [result], name: result, attributes: [.int("axis", 1)]))
        }
        valueNames[node.id] = result
    }

    private mutating func initializer(_ name: String, _ dims: [Int], _ values: [Float]) -> String {
        let name = unique(name)
        output.initializer.append(tensor(name, dims: dims, floats: values))
        return name
    }

    private mutating func integers(_ name: String, _ values: [Int]) -> String {
        let name = unique(name)
        var tensor = Onnx_TensorProto()
        tensor.name = name
        tensor.dataType = Int32(Onnx_TensorProto.DataType.int64.rawValue)
        tensor.dims = [Int64(values.count)]
        tensor.int64Data = values.map(Int64.init)
        output.initializer.append(tensor)
        return name
    }

    private func tensor(_ name: String, dims: [Int], floats: [Float]) -> Onnx_TensorProto {
        var tensor = Onnx_TensorProto()
        if !name.isEmpty { tensor.name = name }
        tensor.dataType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        tensor.dims = dims.map(Int64.init)
        // raw_data is little-endian by the ONNX spec; every platform hsconas targets is.
        tensor.rawData = floats.withUnsafeBytes { Data($0) }
        return tensor
    }

    private func makeNode(
        _ type: String, inputs: [String], outputs: [String], name: String, attributes: [ONNXAttribute] = []
    ) -> Onnx_NodeProto {
        var node = Onnx_NodeProto()
        node.opType = type
        node.name = name
        node.input = inputs
        node.output = outputs
        node.attribute = attributes.map(\.proto)
        return node
    }
}
