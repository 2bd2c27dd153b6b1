import Engine
import Foundation
import ONNXExport
import Runtimes
import SearchSpace
import TestSupport
import Testing

/// Whole networks: the engine's output against ONNX Runtime's on the exported model, same weights,
/// same input.
///
/// Observed worst max|native − ort| / max|ort| (Linux x86-64, debug build, OpenBLAS, onnxruntime
/// 1.31.1): nb201 2.4e-7, spos 7.9e-7, spos batch 2 5.8e-7 — far below the 1e-4 limit. (The error is
/// relative to the output's scale, which random weights do not pin down.)
@Suite("whole networks against ONNX Runtime")
struct NetworkAgainstONNXRuntimeTests {
    static let limit = 1e-4

    /// Runs `graph` natively and in ONNX Runtime on the same random input; returns
    /// max|native − ort| / max|ort|.
    private func relativeError(
        _ graph: NetworkGraph, batch: Int, dynamicBatch: Bool = false, seed: UInt64, label: String, runtime: ORTRuntime,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws -> Double {
        let weights = NetworkWeights(graph: graph, seed: seed)
        let input = randomInput(count: batch * graph.nodes[0].shape.count, seed: seed &+ 1000)
        // A debug-build spos network takes seconds: run it off the cooperative pool.
        let native = try await offPool { try engineOutput(graph, weights: weights, input: input, batch: batch) }

        let model = TestFolder.root.appendingPathComponent("engine-\(UUID().uuidString).onnx")
        defer { try? FileManager.default.removeItem(at: model) }
        try ONNXExporter.write(graph: graph, weights: weights, batch: dynamicBatch ? nil : batch, to: model)
        let reference = try await runtime.run(model: model, input: input)

        try #require(native.count == reference.count, "\(label): native gives \(native.count) values, ort \(reference.count)", sourceLocation: sourceLocation)
        let scale = reference.map { abs(Double($0)) }.max() ?? 0
        #expect(scale > 1e-3, "\(label): ort's output is all (near) zero", sourceLocation: sourceLocation)
        #expect(native.allSatisfy { $0.isFinite }, "\(label): native output has non-finite values", sourceLocation: sourceLocation)
        let worst = zip(native, reference).map { abs(Double($0) - Double($1)) }.max() ?? .infinity
        let relative = worst / scale
        print("native vs ort, \(label): max |native − ort| / max |ort| = \(relative) (max |ort| = \(scale))")
        #expect(relative <= Self.limit, "\(label): relative error \(relative)", sourceLocation: sourceLocation)
        return relative
    }

    /// Runs `body` with one helper process, shut down however `body` ends.
    private func withRuntime(_ body: (ORTRuntime) async throws -> Void) async throws {
        let runtime = try ORTRuntime()
        do {
            try await body(runtime)
        } catch {
            await runtime.shutdown()
            throw error
        }
        await runtime.shutdown()
    }

    @Test("three nb201 networks, one with none edges (zeros nodes), batch 1")
    func nb201() async throws {
        let space = NB201Space()
        var generator = SeededGenerator(seed: 2024)
        let mask = ChoiceMask(space: space)
        let withNone = try space.parse("|none~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|avg_pool_3x3~1|nor_conv_1x1~2|")
        let architectures = [withNone, mask.sample(using: &generator), mask.sample(using: &generator)]
        #expect(Set(architectures).count == 3)
        try await withRuntime { runtime in
            for (index, architecture) in architectures.enumerated() {
                let graph = try space.graph(for: architecture)
                if index == 0 { #expect(graph.nodes.contains { $0.operation == .zeros }) }
                _ = try await relativeError(
                    graph, batch: 1, seed: UInt64(10 + index), label: "nb201 \(space.format(architecture))", runtime: runtime)
            }
        }
    }

    @Test("two random spos networks at batch 1; the first again at batch 2 with a dynamic batch dimension")
    func spos() async throws {
        let space = try #require(try SearchSpaces.named("spos") as? SPOSSpace)
        var generator = SeededGenerator(seed: 77)
        let mask = ChoiceMask(space: space)
        let architectures = [mask.sample(using: &generator), mask.sample(using: &generator)]
        try await withRuntime { runtime in
            for (index, architecture) in architectures.enumerated() {
                let graph = try space.graph(for: architecture)
                _ = try await relativeError(
                    graph, batch: 1, seed: UInt64(20 + index), label: "spos \(space.format(architecture))", runtime: runtime)
            }
            let graph = try space.graph(for: architectures[0])
            _ = try await relativeError(
                graph, batch: 2, dynamicBatch: true, seed: 30, label: "spos \(space.format(architectures[0])) batch 2",
                runtime: runtime)
        }
    }
}
