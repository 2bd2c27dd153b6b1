import ArgumentParser
import Foundation
import ONNXExport
import SearchSpace

/// `hsconas export`: write a candidate network as an ONNX model.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write a network as an ONNX model (opset 17) with deterministic random weights.",
        discussion: """
            The model is the same graph and the same weights (for --weight-seed) that the native engine \
            runs, so it can be timed by any ONNX tool: onnxruntime, TensorRT's trtexec, TFLite converters.

            Example: hsconas export --space spos --random 7 -o model.onnx
            """)

    @OptionGroup var network: ArchitectureOptions

    @Option(name: [.customShort("o"), .long], help: "Output file.")
    var output: String

    @Option(name: .long, help: "Batch size; 0 writes a dynamic batch dimension 'N'.")
    var batch: Int = 1

    @Option(name: .long, help: "Seed of the random weights.")
    var weightSeed: UInt64 = 1

    func validate() throws {
        guard batch >= 0 else { throw ValidationError("--batch \(batch) must be 0 (dynamic) or more") }
    }

    func run() async throws {
        let (space, architecture) = try network.resolve()
        let graph = try space.network(for: architecture)
        let url = URL(fileURLWithPath: output)
        do {
            try ONNXExporter.write(
                graph: graph, weights: NetworkWeights(graph: graph, seed: weightSeed), batch: batch == 0 ? nil : batch,
                name: "\(space.name) \(space.format(architecture))", to: url)
        } catch let error as CocoaError {
            throw CommandFailure("--output '\(output)': \(error.localizedDescription)")
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int) ?? 0
        Console.line("\(space.name) \(space.format(architecture))")
        Console.line("wrote \(output): \(graph.nodes.count) graph nodes, \(String(format: "%.3f", Double(graph.parameters) / 1e6)) M params, \(size) bytes, opset \(ONNXExporter.opset)")
    }
}
