import Foundation
import ONNX
import ONNXExport
import SearchSpace
import Testing

/// The model shipped to thin workers: the exporter's graph without float weights, small enough for
/// a 1 MiB envelope even for the largest spos network, with each removed tensor's shape and range.
@Suite("weightless ONNX export")
struct WeightlessExportTests {
    @Test("the widest spos network ships in well under 700 kB, every float weight listed with its range")
    func widestSPOS() throws {
        let space = SPOSSpace()
        let widest = Array(repeating: "xc:1.6", count: SPOSSpace.layerCount).joined(separator: "-")
        let graph = try space.graph(for: try space.parse(widest))
        let weights = NetworkWeights(graph: graph, seed: 1)
        let full = try ONNXExporter.model(graph: graph, weights: weights)
        let weightless = try ONNXWeightlessModel(graph: graph, weights: weights)
        #expect(weightless.bytes.count < 200 * 1024, "weightless model is \(weightless.bytes.count) bytes")
        #expect(try ONNXExporter.modelBytes(graph: graph, weights: weights).count > 10 * 1024 * 1024)

        let decoded = try Onnx_ModelProto(serializedBytes: weightless.bytes)
        let float = Int32(Onnx_TensorProto.DataType.float.rawValue)
        #expect(decoded.graph.initializer.allSatisfy { $0.dataType != float })
        #expect(decoded.graph.node == full.graph.node)
        let floats = full.graph.initializer.filter { $0.dataType == float }
        #expect(weightless.weights.map(\.name) == floats.map(\.name))
        #expect(weightless.weights.map(\.dims) == floats.map { $0.dims.map { Int($0) } })
        for (range, tensor) in zip(weightless.weights, floats) {
            let values = tensor.rawData.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
            #expect(range.low == values.min() && range.high == values.max(), "\(range.name)")
        }
        // Batch-norm variances stay positive when redrawn in their range.
        #expect(weightless.weights.filter { $0.name.hasSuffix(".variance") }.allSatisfy { $0.low > 0 })
    }
}
