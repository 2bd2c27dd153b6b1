/// Parameters for every learned node of a graph, random but determined by a seed, so the engine,
/// the ONNX exporter and a test comparing the two all see the same network.
///
/// Latency does not depend on the values; they are drawn so activations keep a sane scale through
/// deep networks (He-uniform kernels, gain 1 for depthwise ones, batch-norm statistics near identity but never trivial), which
/// keeps numerical comparisons between runtimes meaningful.
public struct NetworkWeights: Sendable {
    /// The seed every value was drawn from.
    public let seed: UInt64
    /// By node id.
    public private(set) var convolutions: [Int: ConvolutionWeights] = [:]
    /// Batch-norm parameters by node id.
    public private(set) var batchNorms: [Int: BatchNormParameters] = [:]
    /// Linear-layer weights by node id.
    public private(set) var linears: [Int: LinearWeights] = [:]

    /// Draws the parameters of every convolution, batch norm and linear node of `graph` from `seed`.
    public init(graph: NetworkGraph, seed: UInt64) {
        self.seed = seed
        var generator = SeededGenerator(seed: seed)
        func uniform(_ count: Int, _ low: Float, _ high: Float) -> [Float] {
            (0..<count).map { _ in low + (high - low) * Float(generator.unit()) }
        }
        for node in graph.nodes {
            switch node.operation {
            case .convolution(let out, let kernel, _, _, let groups, let bias):
                let fanIn = graph.nodes[node.inputs[0]].shape.channels / groups * kernel * kernel
                // He gain (2) where a ReLU usually follows; depthwise convolutions have none after
                // them in these spaces, so they get gain 1 and activations do not grow block by block.
                let gain = groups > 1 && groups == out ? 1.0 : 2.0
                let bound = Float((3.0 * gain / Double(fanIn)).squareRoot())
                convolutions[node.id] = ConvolutionWeights(
                    kernel: uniform(out * fanIn, -bound, bound), bias: bias ? uniform(out, -0.1, 0.1) : nil)
            case .batchNorm:
                let channels = node.shape.channels
                batchNorms[node.id] = BatchNormParameters(
                    scale: uniform(channels, 0.5, 1.5), shift: uniform(channels, -0.2, 0.2),
                    mean: uniform(channels, -0.2, 0.2), variance: uniform(channels, 0.5, 1.5), epsilon: 1e-5)
            case .linear(let out, let bias):
                let fanIn = graph.nodes[node.inputs[0]].shape.count
                let bound = Float((3.0 / Double(fanIn)).squareRoot())
                linears[node.id] = LinearWeights(
                    matrix: uniform(out * fanIn, -bound, bound), bias: bias ? uniform(out, -0.1, 0.1) : nil)
            default:
                break
            }
        }
    }
}
