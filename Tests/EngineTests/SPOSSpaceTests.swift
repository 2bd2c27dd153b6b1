import SearchSpace
import Testing

/// The spos space: string form, errors, the network graph's structure and its size and cost.
@Suite("spos search space")
struct SPOSSpaceTests {
    let space = SPOSSpace()

    private static func uniform(_ layer: String, count: Int = 20) -> String {
        Array(repeating: layer, count: count).joined(separator: "-")
    }

    /// 20 layers of `k3:1.0` with `replacement` at 1-based position `layer`.
    private static func replacing(layer: Int, with replacement: String) -> String {
        var layers = Array(repeating: "k3:1.0", count: 20)
        layers[layer - 1] = replacement
        return layers.joined(separator: "-")
    }

    @Test("format and parse round-trip 200 random architectures, and distinct genomes print distinctly")
    func roundTrip() throws {
        let mask = ChoiceMask(space: space)
        var generator = SeededGenerator(seed: 20)
        var strings = Set<String>()
        var genomes = Set<Architecture>()
        let layer = /(k3|k5|k7|xc):(0\.2|0\.4|0\.6|0\.8|1\.0|1\.2|1\.4|1\.6)/
        for _ in 0..<200 {
            let architecture = mask.sample(using: &generator)
            let text = space.format(architecture)
            let layers = text.split(separator: "-")
            #expect(layers.count == 20, "\(text)")
            #expect(layers.allSatisfy { $0.wholeMatch(of: layer) != nil }, "\(text)")
            #expect(try space.parse(text) == architecture, "\(text)")
            strings.insert(text)
            genomes.insert(architecture)
        }
        #expect(strings.count == genomes.count)
        #expect(genomes.count > 190)
        // A hand-written string: every block and ratio name maps to its gene.
        let text = "k3:0.2-k5:0.4-k7:0.6-xc:0.8-k3:1.0-k5:1.2-k7:1.4-xc:1.6" + "-k3:1.0" + String(repeating: "-k3:1.0", count: 11)
        let parsed = try space.parse(text)
        #expect(Array(parsed.genes.prefix(16)) == [0, 0, 1, 1, 2, 2, 3, 3, 0, 4, 1, 5, 2, 6, 3, 7])
        #expect(space.format(parsed) == text)
    }

    private func expectError(
        _ text: String, mentioning parts: [String], notMentioning other: String? = nil, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        do throws(ArchitectureError) {
            let architecture = try space.parse(text)
            Issue.record("'\(text.prefix(40))…' parsed as \(architecture)", sourceLocation: sourceLocation)
        } catch {
            #expect(error.space == "spos", sourceLocation: sourceLocation)
            #expect(error.input == text, sourceLocation: sourceLocation)
            for part in parts {
                #expect(error.reason.contains(part), "'\(error.reason)' does not mention \(part)", sourceLocation: sourceLocation)
            }
            if let other {
                #expect(!error.reason.contains(other), "'\(error.reason)' mentions \(other)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("malformed strings are refused naming the layer and the bad part")
    func errors() {
        expectError("k4:1.0" + String(repeating: "-k3:1.0", count: 19), mentioning: ["'k4'", "layer 1"], notMentioning: "layer 1" + "0")
        expectError(Self.replacing(layer: 13, with: "k4:1.0"), mentioning: ["'k4'", "layer 13"])
        expectError(Self.replacing(layer: 1, with: "k3:1.1"), mentioning: ["'1.1'", "layer 1"], notMentioning: "layer 1" + "0")
        expectError(Self.replacing(layer: 17, with: "k5:1.1"), mentioning: ["'1.1'", "layer 17"])
        expectError(Self.replacing(layer: 20, with: "k5:"), mentioning: ["''", "layer 20"])
        expectError(Self.replacing(layer: 7, with: "k31.0"), mentioning: ["layer 7", "'k31.0'", "block:ratio"])
        expectError(Self.replacing(layer: 9, with: "k3:1.0:0.2"), mentioning: ["layer 9"])
        expectError(Self.replacing(layer: 4, with: "K3:1.0"), mentioning: ["'K3'", "layer 4"])
        expectError(Self.uniform("k3:1.0", count: 19), mentioning: ["19", "20"])
        expectError(Self.uniform("k3:1.0", count: 21), mentioning: ["21", "20"])
        expectError(Self.uniform("k3:1.0") + "-", mentioning: ["21"])
        expectError("", mentioning: ["20"])
    }

    @Test("the network: 20 blocks, stage widths 64/160/320/640, a 1000-way classifier")
    func graphStructure() throws {
        let mask = ChoiceMask(space: space)
        var generator = SeededGenerator(seed: 8)
        for architecture in [try space.parse(Self.uniform("k3:1.0")), try space.parse(Self.uniform("xc:0.2")), mask.sample(using: &generator)] {
            let graph = try space.graph(for: architecture)
            let label = space.format(architecture)
            #expect(graph.nodes.filter { $0.operation == .concat }.count == 20, "\(label)")
            let shuffles = graph.nodes.filter { if case .channelShuffle(2) = $0.operation { true } else { false } }
            try #require(shuffles.count == 20, "\(label)")
            let channels = [64, 160, 320, 640]
            let sizes = [56, 28, 14, 7]
            for (layer, shuffle) in shuffles.enumerated() {
                let stage = SPOSSpace.stageOfLayer[layer]
                #expect(shuffle.name == "stage\(stage + 1).layer\(layer + 1).shuffle")
                #expect(
                    shuffle.shape == TensorShape(channels: channels[stage], height: sizes[stage], width: sizes[stage]),
                    "\(label): \(shuffle.name) is \(shuffle.shape)")
            }
            let output = graph.nodes[graph.output]
            #expect(output.shape == TensorShape(channels: 1000, height: 1, width: 1))
            #expect(output.operation == .linear(outFeatures: 1000, bias: true))
            #expect(graph.nodes[0].shape == TensorShape(channels: 3, height: 224, width: 224))
            #expect(graph.nodes.allSatisfy { node in node.inputs.allSatisfy { $0 < node.id } })
        }
        // The block choice shows in the graph: depthwise kernels 3/5/7, and xc's three depthwise convolutions.
        let k7 = try space.graph(for: try space.parse(Self.uniform("k7:1.0")))
        #expect(k7.nodes.contains { if case .convolution(_, 7, _, _, let groups, _) = $0.operation { groups > 1 } else { false } })
        let xc = try space.graph(for: try space.parse(Self.uniform("xc:1.0")))
        #expect(xc.nodes.filter { $0.name.hasSuffix(".main.dw3.conv") }.count == 20)
        #expect(!xc.nodes.contains { if case .convolution(_, let kernel, _, _, _, _) = $0.operation { kernel > 3 } else { false } })
    }

    /// Multiply-accumulates of the all-`k3:1.0` network counted by hand, block by block.
    private static func handCountedMACs() -> Int {
        var total = 16 * 3 * 9 * 112 * 112  // stem, 3×3 stride 2
        var inChannels = 16
        var size = 112
        for (stage, depth) in SPOSSpace.stageDepths.enumerated() {
            let out = SPOSSpace.stageChannels[stage]
            let mid = out / 2  // ratio 1.0
            for index in 0..<depth {
                if index == 0 {
                    let inSize = size
                    size /= 2
                    let plane = size * size
                    total += inChannels * 9 * plane  // projection depthwise 3×3 /2
                    total += inChannels * inChannels * plane  // projection 1×1
                    total += inChannels * mid * inSize * inSize  // main 1×1 at the input resolution
                    total += mid * 9 * plane  // main depthwise 3×3 /2
                    total += mid * (out - inChannels) * plane  // main 1×1 to the remaining channels
                } else {
                    let plane = size * size
                    let half = out / 2
                    total += half * mid * plane + mid * 9 * plane + mid * (out - half) * plane
                }
                inChannels = out
            }
        }
        total += 640 * 1024 * 7 * 7  // head 1×1
        total += 1024 * 1000  // classifier
        return total
    }

    @Test("MACs of the all-k3:1.0 network are counted block by block and in a sane range")
    func multiplyAccumulates() throws {
        let graph = try space.graph(for: try space.parse(Self.uniform("k3:1.0")))
        let macs = graph.multiplyAccumulates
        print("spos all-k3:1.0: \(Double(macs) / 1e6) M MACs, \(Double(graph.parameters) / 1e6) M parameters")
        #expect(macs == Self.handCountedMACs())
        #expect((200_000_000...2_000_000_000).contains(macs), "\(macs) MACs")
        // Parameters: dominated by the 1024×1000 classifier and the 640→1024 head.
        #expect((2_000_000...10_000_000).contains(graph.parameters), "\(graph.parameters) parameters")
        // Wider and larger-kernel choices cost more.
        let small = try space.graph(for: try space.parse(Self.uniform("k3:0.2"))).multiplyAccumulates
        let large = try space.graph(for: try space.parse(Self.uniform("k7:1.6"))).multiplyAccumulates
        #expect(small < macs && macs < large)
    }

    @Test("size is 4^20 · 8^20 = 2^100")
    func size() {
        let expected = Double(sign: .plus, exponent: 100, significand: 1)
        #expect(space.size == expected)
        #expect(ChoiceMask(space: space).size == expected)
        #expect(space.positions.count == 40)
        #expect(space.positions.enumerated().allSatisfy { index, position in position.choices.count == (index % 2 == 0 ? 4 : 8) })
    }
}
