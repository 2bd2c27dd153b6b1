/// The FBNet space as HELP and HW-NAS-Bench sample it: 22 searchable layers, each one of 9
/// operations (an inverted-residual block with kernel 3 or 5, expansion 1, 3 or 6, optionally
/// grouped, or a skip).
///
/// Gene `i` is layer `i + 1`'s operation index. The string form is the 22 indices joined by
/// `-`, exactly as the `op_idx` column of the FBNet latency table has them
/// (`7-8-1-8-4-8-…`). `parse` also takes operation names in place of indices (the table's
/// `ops` column, `k5_e6-skip-…`); `format` always prints indices.
public struct FBNetSpace: SearchSpace {
    /// Operation names by index, as in the benchmark's `devices.json`: kernel `k`, expansion `e`,
    /// `g2` for two groups.
    public static let operations = ["k3_e1", "k3_e1_g2", "k3_e3", "k3_e6", "k5_e1", "k5_e1_g2", "k5_e3", "k5_e6", "skip"]
    /// Searchable layers.
    public static let layerCount = 22

    /// Answers `fbnet`.
    public let name = "fbnet"
    /// One position per layer, `layer 1` … `layer 22`, each choosing among `operations`.
    public let positions: [SearchPosition]

    /// The space with its 22 layer positions.
    public init() {
        positions = (1...Self.layerCount).map { layer in
            SearchPosition(name: "layer \(layer)", choices: Self.operations)
        }
    }

    /// Parses 22 `-`-separated op indices or operation names; throws naming the first wrong layer.
    public func parse(_ text: String) throws(ArchitectureError) -> Architecture {
        func fail(_ reason: String) -> ArchitectureError {
            ArchitectureError(space: name, input: text, reason: reason)
        }
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == Self.layerCount else {
            throw fail("expected \(Self.layerCount) op indices separated by '-', found \(parts.count)")
        }
        var genes: [Int] = []
        genes.reserveCapacity(Self.layerCount)
        for (index, part) in parts.enumerated() {
            // A single digit only: Int() would also take "+3" or "03", which the table never has.
            if part.utf8.count == 1, let digit = part.utf8.first, digit >= UInt8(ascii: "0"),
                digit < UInt8(ascii: "0") + UInt8(Self.operations.count)
            {
                genes.append(Int(digit - UInt8(ascii: "0")))
            } else if let operation = Self.operations.firstIndex(of: String(part)) {
                genes.append(operation)
            } else {
                let legend = Self.operations.enumerated().map { "\($0) \($1)" }.joined(separator: ", ")
                throw fail(
                    part.isEmpty
                        ? "layer \(index + 1) is empty; expected an op index 0…\(Self.operations.count - 1)"
                        : "layer \(index + 1) '\(part)' is not an op index 0…\(Self.operations.count - 1) (\(legend))")
            }
        }
        return Architecture(genes: genes)
    }

    /// The 22 op indices joined by `-`; a gene out of range prints as `?`.
    public func format(_ architecture: Architecture) -> String {
        architecture.genes.map { Self.operations.indices.contains($0) ? String($0) : "?" }.joined(separator: "-")
    }
}
