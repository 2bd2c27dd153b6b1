import Foundation
import ONNX
import SearchSpace
import SwiftProtobuf

/// Writes a ``NetworkGraph`` and its ``NetworkWeights`` as an ONNX model (opset 17), node for
/// node: batch norm stays a `BatchNormalization` (runtimes fold it themselves), channel shuffle
/// is `Reshape → Transpose → Reshape`, channel slices are `Slice`, a zero node is
/// `ConstantOfShape(Shape(x))`, and the classifier is `Flatten → Gemm`.
public enum ONNXExporter {
    /// The opset the models use.
    public static let opset: Int64 = 17
    /// Name of the graph input.
    public static let inputName = "input"
    /// Name of the graph output.
    public static let outputName = "output"

    /// The serialized model. `batch` nil gives a dynamic batch dimension named `N`.
    public static func modelBytes(
        graph: NetworkGraph, weights: NetworkWeights, batch: Int? = 1, name: String = "hsconas"
    ) throws -> Data {
        try model(graph: graph, weights: weights, batch: batch, name: name).serializedData()
    }

    /// Writes the model to `url`.
    public static func write(
        graph: NetworkGraph, weights: NetworkWeights, batch: Int? = 1, name: String = "hsconas", to url: URL
    ) throws {
        try modelBytes(graph: graph, weights: weights, batch: batch, name: name).write(to: url, options: .atomic)
    }

    /// The model as a protobuf message.
    public static func model(
        graph: NetworkGraph, weights: NetworkWeights, batch: Int? = 1, name: String = "hsconas"
    ) throws(GraphError) -> Onnx_ModelProto {
        var writer = ONNXGraphWriter(graph: graph, weights: weights)
        try writer.write()
        var onnxGraph = writer.output
        onnxGraph.name = name
        guard let input = graph.nodes.first(where: { if case .input = $0.operation { true } else { false } }) else {
            throw GraphError(node: "(input)", reason: "the graph has no input node")
        }
        let outputShape = graph.nodes[graph.output].shape
        let outputDims: [Int64] =
            if case .linear = graph.nodes[graph.output].operation { [Int64(outputShape.channels)] } else {
                [Int64(outputShape.channels), Int64(outputShape.height), Int64(outputShape.width)]
            }
        onnxGraph.input = [
            valueInfo(inputName, batch: batch, dims: [Int64(input.shape.channels), Int64(input.shape.height), Int64(input.shape.width)])
        ]
        onnxGraph.output = [valueInfo(outputName, batch: batch, dims: outputDims)]

        var model = Onnx_ModelProto()
        model.irVersion = 8
        model.producerName = "hsconas"
        model.producerVersion = "0.1.0"
        model.graph = onnxGraph
        var opset = Onnx_OperatorSetIdProto()
        opset.domain = ""
        opset.version = Self.opset
        model.opsetImport = [opset]
        return model
    }

    private static func valueInfo(_ name: String, batch: Int?, dims: [Int64]) -> Onnx_ValueInfoProto {
        var tensor = Onnx_TypeProto.Tensor()
        tensor.elemType = Int32(Onnx_TensorProto.DataType.float.rawValue)
        var shape = Onnx_TensorShapeProto()
        var first = Onnx_TensorShapeProto.Dimension()
        if let batch { first.dimValue = Int64(batch) } else { first.dimParam = "N" }
        shape.dim = [first] + dims.map { value in
            var dimension = Onnx_TensorShapeProto.Dimension()
            dimension.dimValue = value
            return dimension
        }
        tensor.shape = shape
        var type = Onnx_TypeProto()
        type.tensorType = tensor
        var info = Onnx_ValueInfoProto()
        info.name = name
        info.type = type
        return info
    }
}
