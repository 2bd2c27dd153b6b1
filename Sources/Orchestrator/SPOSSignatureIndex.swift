import SearchSpace

/// The operator signatures of spos networks without building them: a spos layer's operators
/// depend only on its own (block, ratio) choice and its place (its input and output channels
/// are fixed by the stage), so the signatures of every layer's 32 choices and of the fixed stem
/// and head are read once from the 32 covering networks, and an architecture's signatures are
/// their concatenation.
///
/// Building a 224×224 spos network and its standalone operators takes milliseconds; dynamic
/// channel scaling asks the latency model for dozens of predictions per candidate, so the
/// search's operator-table models key the table through this index instead (a test checks it
/// against the graph for random architectures).
public struct SPOSSignatureIndex: Sendable {
    /// Stem and head operators, present in every network.
    public let fixed: [String]
    /// `perLayer[layer][block * ratios + ratio]`: that layer's operators for that choice.
    public let perLayer: [[[String]]]

    /// Reads the index from the space's covering networks.
    public init(space: SPOSSpace = SPOSSpace()) throws(GraphError) {
        let ratios = SPOSSpace.ratios.count
        var fixed: [String]?
        var perLayer = Array(
            repeating: Array(repeating: [String](), count: SPOSSpace.blocks.count * ratios), count: SPOSSpace.layerCount)
        for covering in space.coveringArchitectures {
            let graph = try space.network(for: covering)
            let operators = try graph.operators()
            var fixedHere: [String] = []
            // operators() has one entry per fusion group, in the same order.
            for (group, found) in zip(graph.fusionGroups(), operators) {
                guard let layer = SPOSSpace.layer(ofNodeNamed: graph.nodes[group[0]].name) else {
                    fixedHere.append(found.signature)
                    continue
                }
                let choice = covering.genes[2 * layer] * ratios + covering.genes[2 * layer + 1]
                perLayer[layer][choice].append(found.signature)
            }
            if fixed == nil { fixed = fixedHere }
        }
        self.fixed = fixed ?? []
        self.perLayer = perLayer
    }

    static let invalid = "(not a spos architecture)"

    /// The signatures of `architecture`'s operators (as a multiset: the same operators
    /// `operatorSignatures(of:)` lists). A genome that is not a valid spos architecture gets one
    /// signature no table has, so a table model predicts NaN for it rather than a plausible sum.
    public func signatures(of architecture: Architecture) -> [String] {
        let genes = architecture.genes
        let ratios = SPOSSpace.ratios.count
        guard genes.count == 2 * SPOSSpace.layerCount else { return [Self.invalid] }
        var result = fixed
        for layer in 0..<SPOSSpace.layerCount {
            let block = genes[2 * layer]
            let ratio = genes[2 * layer + 1]
            guard SPOSSpace.blocks.indices.contains(block), (0..<ratios).contains(ratio) else { return [Self.invalid] }
            result += perLayer[layer][block * ratios + ratio]
        }
        return result
    }
}
