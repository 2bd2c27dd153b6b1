import Foundation
import ONNX
import SearchSpace

/// A model as shipped to thin workers: the ONNX graph with every float initializer removed (a
/// spos network's weights are tens of MB; its graph is tens of kB) and the removed tensors'
/// shapes and value ranges. Integer initializers (shapes, slice bounds) stay in the graph.
public struct ONNXWeightlessModel: Sendable, Hashable {
    /// The serialized ModelProto without the float initializers.
    public var bytes: Data
    /// The removed initializers, in graph order.
    public var weights: [ONNXWeightRange]

    /// Exports `graph` with `weights` and takes the float initializers out.
    public init(graph: NetworkGraph, weights: NetworkWeights, batch: Int? = 1) throws {
        var model = try ONNXExporter.model(graph: graph, weights: weights, batch: batch)
        let float = Int32(Onnx_TensorProto.DataType.float.rawValue)
        var removed: [ONNXWeightRange] = []
        var kept: [Onnx_TensorProto] = []
        for tensor in model.graph.initializer {
            guard tensor.dataType == float else {
                kept.append(tensor)
                continue
            }
            let values: [Float] = tensor.rawData.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) } + tensor.floatData
            removed.append(
                ONNXWeightRange(
                    name: tensor.name, dims: tensor.dims.map { Int($0) }, low: values.min() ?? 0, high: values.max() ?? 0))
        }
        model.graph.initializer = kept
        bytes = try model.serializedData()
        self.weights = removed
    }
}
