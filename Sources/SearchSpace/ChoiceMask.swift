/// The choices still allowed at each position of a space: the space as progressive space
/// shrinking leaves it. Sampling, mutation and crossover draw only allowed choices.
public struct ChoiceMask: Sendable, Hashable, Codable {
    /// Allowed choice indices per position, each sorted ascending and never empty.
    public private(set) var allowed: [[Int]]

    /// The full space: every choice allowed everywhere.
    public init(space: some SearchSpace) {
        allowed = space.positions.map { Array($0.choices.indices) }
    }

    /// Number of architectures the mask admits.
    public var size: Double {
        allowed.reduce(1.0) { $0 * Double($1.count) }
    }

    /// Whether every gene of `architecture` is allowed.
    public func admits(_ architecture: Architecture) -> Bool {
        guard architecture.genes.count == allowed.count else { return false }
        return zip(architecture.genes, allowed).allSatisfy { gene, choices in choices.contains(gene) }
    }

    /// Removes `choice` at `position`. Refuses (returns false) when it is the last choice
    /// left there, so a position is never emptied.
    @discardableResult
    public mutating func remove(choice: Int, at position: Int) -> Bool {
        guard allowed.indices.contains(position), allowed[position].count > 1,
            let index = allowed[position].firstIndex(of: choice)
        else { return false }
        allowed[position].remove(at: index)
        return true
    }

    /// A uniformly random admitted architecture.
    public func sample(using generator: inout SeededGenerator) -> Architecture {
        Architecture(genes: allowed.map { choices in choices[Int(generator.next() % UInt64(choices.count))] })
    }

    /// Replaces each gene, with probability `probability`, by a different allowed choice.
    /// Positions with a single allowed choice are left alone.
    public func mutate(
        _ architecture: Architecture, probability: Double, using generator: inout SeededGenerator
    ) -> Architecture {
        var genes = architecture.genes
        for position in genes.indices {
            let choices = allowed[position]
            guard choices.count > 1, generator.unit() < probability else { continue }
            let others = choices.filter { $0 != genes[position] }
            genes[position] = others[Int(generator.next() % UInt64(others.count))]
        }
        return Architecture(genes: genes)
    }

    /// Uniform crossover: each gene from either parent with probability one half.
    public func crossover(
        _ first: Architecture, _ second: Architecture, using generator: inout SeededGenerator
    ) -> Architecture {
        Architecture(
            genes: zip(first.genes, second.genes).map { a, b in generator.next() & 1 == 0 ? a : b })
    }
}
