/// A genome: one choice index per searchable position of a ``SearchSpace``.
///
/// The meaning of each gene belongs to the space; an `Architecture` on its own is just the
/// choice indices, which makes it cheap to hash, compare and send over the wire.
public struct Architecture: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    /// Choice index per position, in the space's position order.
    public var genes: [Int]

    /// An architecture with these genes; nothing checks them against a space (see `validate(_:)`).
    public init(genes: [Int]) {
        self.genes = genes
    }

    /// Lexicographic order of the genes.
    public static func < (lhs: Architecture, rhs: Architecture) -> Bool {
        lhs.genes.lexicographicallyPrecedes(rhs.genes)
    }

    /// The genes joined by `-`, e.g. `0-3-1-4-2-2`; not a space's string form.
    public var description: String {
        genes.map(String.init).joined(separator: "-")
    }
}
