import SearchSpace

/// Per-layer multiply-accumulate differences of the spos space, built once from graphs.
struct SPOSWorkTable: Sendable {
    /// MACs of the base network (every layer at block 0, ratio 0).
    let base: Double
    /// `deltas[layer][block][ratio]`: MACs added by that layer's choice over its base choice.
    private let deltas: [[[Double]]]

    static let shared = SPOSWorkTable()

    private init() {
        let space = SPOSSpace()
        let baseGenes = [Int](repeating: 0, count: 2 * SPOSSpace.layerCount)
        func macs(_ genes: [Int]) -> Double {
            // The space builds every valid genome; a failure here would be a bug in the space.
            guard let graph = try? space.graph(for: Architecture(genes: genes)) else { return .nan }
            return Double(graph.multiplyAccumulates)
        }
        let baseMACs = macs(baseGenes)
        base = baseMACs
        deltas = (0..<SPOSSpace.layerCount).map { layer in
            (0..<SPOSSpace.blocks.count).map { block in
                (0..<SPOSSpace.ratios.count).map { ratio in
                    var genes = baseGenes
                    genes[2 * layer] = block
                    genes[2 * layer + 1] = ratio
                    return macs(genes) - baseMACs
                }
            }
        }
    }

    func delta(layer: Int, block: Int, ratio: Int) -> Double {
        guard deltas.indices.contains(layer), deltas[layer].indices.contains(block),
            deltas[layer][block].indices.contains(ratio)
        else { return 0 }
        return deltas[layer][block][ratio]
    }
}
