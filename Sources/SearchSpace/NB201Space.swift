/// The NAS-Bench-201 cell space: 6 edges of a 4-node cell, each one of 5 operations.
///
/// Gene order follows the standard string `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`: edges
/// 1←0, 2←0, 2←1, 3←0, 3←1, 3←2. The standard benchmark *index* of a cell is not a formula
/// of its genes; it comes from the benchmark table (see `NB201Table`).
public struct NB201Space: SearchSpace {
    /// Operation names in gene order.
    public static let operations = ["none", "skip_connect", "nor_conv_1x1", "nor_conv_3x3", "avg_pool_3x3"]
    /// (target node, source node) of each edge, in gene order.
    public static let edges: [(to: Int, from: Int)] = [(1, 0), (2, 0), (2, 1), (3, 0), (3, 1), (3, 2)]
    /// Number of cells: 5^6.
    public static let cellCount = 15_625

    /// Answers `nb201`.
    public let name = "nb201"
    /// The 6 edges in gene order, `edge 1<-0` … `edge 3<-2`, each choosing among `operations`.
    public let positions: [SearchPosition]

    /// The space with its 6 edge positions.
    public init() {
        positions = Self.edges.map { edge in
            SearchPosition(name: "edge \(edge.to)<-\(edge.from)", choices: Self.operations)
        }
    }

    /// Parses the standard string `|op~0|+|op~0|op~1|+…`; throws naming the wrong node or edge.
    public func parse(_ text: String) throws(ArchitectureError) -> Architecture {
        if let architecture = Self.parseWellFormed(text) { return architecture }
        return try parseExplaining(text)
    }

    private static let operationBytes = operations.map { Array($0.utf8) }

    /// A byte-level parse of a well-formed string, without allocating substrings: workers parse
    /// one per job. Returns nil on anything unexpected, and ``parseExplaining(_:)`` says why.
    private static func parseWellFormed(_ text: String) -> Architecture? {
        var text = text
        return text.withUTF8 { bytes -> Architecture? in
            var genes: [Int] = []
            genes.reserveCapacity(6)
            var index = 0
            func expect(_ byte: UInt8) -> Bool {
                guard index < bytes.count, bytes[index] == byte else { return false }
                index += 1
                return true
            }
            for target in 1...3 {
                if target > 1, !expect(UInt8(ascii: "+")) { return nil }
                guard expect(UInt8(ascii: "|")) else { return nil }
                for source in 0..<target {
                    let start = index
                    while index < bytes.count, bytes[index] != UInt8(ascii: "~") { index += 1 }
                    let name = UnsafeBufferPointer(rebasing: bytes[start..<index])
                    guard let operation = operationBytes.firstIndex(where: { $0.elementsEqual(name) }),
                        expect(UInt8(ascii: "~")), expect(UInt8(ascii: "0") + UInt8(source)), expect(UInt8(ascii: "|"))
                    else { return nil }
                    genes.append(operation)
                }
            }
            return index == bytes.count ? Architecture(genes: genes) : nil
        }
    }

    /// The full parse, naming what is wrong in a malformed string.
    private func parseExplaining(_ text: String) throws(ArchitectureError) -> Architecture {
        func fail(_ reason: String) -> ArchitectureError {
            ArchitectureError(space: name, input: text, reason: reason)
        }
        let nodes = text.split(separator: "+", omittingEmptySubsequences: false)
        guard nodes.count == 3 else {
            throw fail("expected 3 nodes separated by '+', found \(nodes.count)")
        }
        var genes: [Int] = []
        for (nodeIndex, node) in nodes.enumerated() {
            let target = nodeIndex + 1
            guard node.hasPrefix("|"), node.hasSuffix("|"), node.count >= 2 else {
                throw fail("node \(target) '\(node)' must start and end with '|'")
            }
            let tokens = node.dropFirst().dropLast().split(separator: "|", omittingEmptySubsequences: false)
            guard tokens.count == target else {
                throw fail("node \(target) '\(node)' needs \(target) edge(s), found \(tokens.count)")
            }
            for (source, token) in tokens.enumerated() {
                let parts = token.split(separator: "~", omittingEmptySubsequences: false)
                guard parts.count == 2 else {
                    throw fail("edge '\(token)' of node \(target) must be 'operation~source'")
                }
                guard let operation = Self.operations.firstIndex(of: String(parts[0])) else {
                    throw fail(
                        "unknown operation '\(parts[0])' on edge \(target)<-\(source); "
                            + "expected one of \(Self.operations.joined(separator: ", "))")
                }
                guard Int(parts[1]) == source else {
                    throw fail("edge '\(token)' of node \(target) must come from node \(source), not '\(parts[1])'")
                }
                genes.append(operation)
            }
        }
        return Architecture(genes: genes)
    }

    /// The standard string `|op~0|+|op~0|op~1|+|op~0|op~1|op~2|`; a missing or out-of-range gene prints as `?`.
    public func format(_ architecture: Architecture) -> String {
        var text = ""
        var gene = 0
        for target in 1...3 {
            if target > 1 { text += "+" }
            text += "|"
            for source in 0..<target {
                let choice = architecture.genes.indices.contains(gene) ? architecture.genes[gene] : -1
                let operation = Self.operations.indices.contains(choice) ? Self.operations[choice] : "?"
                text += "\(operation)~\(source)|"
                gene += 1
            }
        }
        return text
    }

    /// A dense code 0..<15625 of a cell's genes (base 5, first edge least significant).
    /// Not the benchmark index: use `NB201Table.index(of:)` for that.
    public static func code(of architecture: Architecture) -> Int {
        architecture.genes.reversed().reduce(0) { $0 * 5 + $1 }
    }

    /// The cell with dense code `code` (inverse of ``code(of:)``).
    public static func architecture(code: Int) -> Architecture {
        var rest = code
        var genes: [Int] = []
        for _ in 0..<6 {
            genes.append(rest % 5)
            rest /= 5
        }
        return Architecture(genes: genes)
    }
}
