/// The single-path one-shot ShuffleNetV2 space that HSCoNAS searches: 20 layers in stages of
/// 4/4/8/4 blocks, each layer choosing a block (ShuffleNet k3/k5/k7 or Xception-style) and a
/// channel ratio 0.2…1.6 of the block's middle channels.
///
/// Genes are interleaved per layer: gene `2i` is layer `i`'s block, gene `2i + 1` its ratio.
/// The string form is the 20 layers joined by `-`, each `block:ratio`, e.g. `k3:1.0-xc:0.4-…`.
public struct SPOSSpace: SearchSpace {
    /// Block names in gene order: ShuffleNet blocks with a 3, 5 or 7 depthwise kernel, and the
    /// Xception-style block (three 3×3 depthwise convolutions).
    public static let blocks = ["k3", "k5", "k7", "xc"]
    /// Middle-channel ratios in gene order.
    public static let ratios = ["0.2", "0.4", "0.6", "0.8", "1.0", "1.2", "1.4", "1.6"]
    /// Blocks per stage.
    public static let stageDepths = [4, 4, 8, 4]
    /// Output channels per stage (width 1.0, as in SPOS).
    public static let stageChannels = [64, 160, 320, 640]
    /// Searchable layers (the sum of `stageDepths`), two genes each.
    public static let layerCount = 20

    /// Answers `spos`.
    public let name = "spos"
    /// Two per layer, in gene order: `layer N block` and `layer N channels`.
    public let positions: [SearchPosition]

    /// The space with its 40 positions.
    public init() {
        positions = (1...Self.layerCount).flatMap { layer in
            [
                SearchPosition(name: "layer \(layer) block", choices: Self.blocks),
                SearchPosition(name: "layer \(layer) channels", choices: Self.ratios),
            ]
        }
    }

    /// The ratio a ratio gene stands for.
    public static func ratio(gene: Int) -> Double {
        Double(gene + 1) * 0.2
    }

    /// The stage (0-based) of each layer.
    public static let stageOfLayer: [Int] = stageDepths.enumerated().flatMap { stage, depth in
        Array(repeating: stage, count: depth)
    }

    /// Parses 20 `-`-separated `block:ratio` layers, e.g. `k3:1.0`; throws naming the first wrong layer.
    public func parse(_ text: String) throws(ArchitectureError) -> Architecture {
        func fail(_ reason: String) -> ArchitectureError {
            ArchitectureError(space: name, input: text, reason: reason)
        }
        let layers = text.split(separator: "-", omittingEmptySubsequences: false)
        guard layers.count == Self.layerCount else {
            throw fail("expected \(Self.layerCount) layers 'block:ratio' separated by '-', found \(layers.count)")
        }
        var genes: [Int] = []
        genes.reserveCapacity(2 * Self.layerCount)
        for (index, layer) in layers.enumerated() {
            let parts = layer.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2 else {
                throw fail("layer \(index + 1) '\(layer)' must be 'block:ratio', e.g. 'k3:1.0'")
            }
            guard let block = Self.blocks.firstIndex(of: String(parts[0])) else {
                throw fail("unknown block '\(parts[0])' in layer \(index + 1); expected one of \(Self.blocks.joined(separator: ", "))")
            }
            guard let ratio = Self.ratios.firstIndex(of: String(parts[1])) else {
                throw fail("unknown channel ratio '\(parts[1])' in layer \(index + 1); expected one of \(Self.ratios.joined(separator: ", "))")
            }
            genes.append(block)
            genes.append(ratio)
        }
        return Architecture(genes: genes)
    }

    /// The 20 layers as `block:ratio` joined by `-`; a missing or out-of-range gene prints as `?`.
    public func format(_ architecture: Architecture) -> String {
        let genes = architecture.genes
        return (0..<Self.layerCount).map { layer in
            let block = genes.indices.contains(2 * layer) && Self.blocks.indices.contains(genes[2 * layer]) ? Self.blocks[genes[2 * layer]] : "?"
            let ratio = genes.indices.contains(2 * layer + 1) && Self.ratios.indices.contains(genes[2 * layer + 1]) ? Self.ratios[genes[2 * layer + 1]] : "?"
            return "\(block):\(ratio)"
        }.joined(separator: "-")
    }
}
