/// A genome: one choice index per searchable position of a ``SearchSpace``.
///
/// The meaning of each gene belongs to the space; an `Architecture` on its own is just the
/// choice indices, which makes it cheap to hash, compare and send over the wire.
public struct Architecture: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// Choice index per position, in the space's position order.
    public var genes: [Int]

    public init(genes: [Int]) {
        self.genes = genes
    }

    public static func < (lhs: Architecture, rhs: Architecture) -> Bool {
        lhs.genes.lexicographicallyPrecedes(rhs.genes)
    }

    public var description: String {
        genes.map(String.init).joined(separator: "-")
    }
}
