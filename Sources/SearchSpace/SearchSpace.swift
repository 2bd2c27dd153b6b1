/// A discrete search space: a fixed list of positions, each with a fixed list of choices.
///
/// Spaces parse and print the architecture strings users see; everything else (sampling,
/// mutation, crossover, restriction by progressive shrinking) works on genes and lives in
/// ``ChoiceMask`` and the extensions below, so it is shared by every space.
public protocol SearchSpace: Sendable {
    /// The name used in configs and on the wire, e.g. `nb201`.
    var name: String { get }
    /// The searchable positions in gene order.
    var positions: [SearchPosition] { get }
    /// Parses the space's string form.
    func parse(_ text: String) throws(ArchitectureError) -> Architecture
    /// Prints the space's string form; `parse(format(a)) == a` for every valid `a`.
    func format(_ architecture: Architecture) -> String
}

extension SearchSpace {
    /// The number of architectures in the space.
    public var size: Double {
        positions.reduce(1.0) { $0 * Double($1.choices.count) }
    }

    /// Checks that a genome has one in-range gene per position.
    public func validate(_ architecture: Architecture) throws(ArchitectureError) {
        let genes = architecture.genes
        guard genes.count == positions.count else {
            throw ArchitectureError(
                space: name, input: architecture.description,
                reason: "expected \(positions.count) genes, got \(genes.count)")
        }
        for (index, gene) in genes.enumerated() where !positions[index].choices.indices.contains(gene) {
            throw ArchitectureError(
                space: name, input: architecture.description,
                reason: "gene \(index) (\(positions[index].name)) is \(gene), "
                    + "expected 0..<\(positions[index].choices.count)")
        }
    }
}
