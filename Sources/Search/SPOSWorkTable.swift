import SearchSpace

/// Per-layer multiply-accumulates of the spos space, read once from its 32 covering networks:
/// a layer's nodes depend only on its own (block, ratio) and its place, so a network's count is
/// the stem and head's plus each layer's (``SPOSSpace/layer(ofNodeNamed:)`` attributes nodes).
struct SPOSWorkTable: Sendable {
    /// MACs of the stem and head, in every network.
    let fixed: Double
    /// `perLayer[layer][block][ratio]`: that layer's MACs for that choice.
    private let perLayer: [[[Double]]]

    static let shared = SPOSWorkTable()

    private init() {
        let space = SPOSSpace()
        var fixed = 0.0
        var perLayer = Array(
            repeating: Array(repeating: Array(repeating: 0.0, count: SPOSSpace.ratios.count), count: SPOSSpace.blocks.count),
            count: SPOSSpace.layerCount)
        for (index, covering) in space.coveringArchitectures.enumerated() {
            // The space builds every valid genome; a failure here would be a bug in the space.
            guard let graph = try? space.graph(for: covering) else {
                fixed = .nan
                continue
            }
            let block = covering.genes[0]
            let ratio = covering.genes[1]
            for node in graph.nodes {
                let macs = Double(graph.multiplyAccumulates(of: node))
                if let layer = SPOSSpace.layer(ofNodeNamed: node.name) {
                    perLayer[layer][block][ratio] += macs
                } else if index == 0 {
                    fixed += macs
                }
            }
        }
        self.fixed = fixed
        self.perLayer = perLayer
    }

    /// The MACs of layer `layer` at (`block`, `ratio`); 0 for genes out of range.
    func work(layer: Int, block: Int, ratio: Int) -> Double {
        guard perLayer.indices.contains(layer), perLayer[layer].indices.contains(block),
            perLayer[layer][block].indices.contains(ratio)
        else { return 0 }
        return perLayer[layer][block][ratio]
    }
}
