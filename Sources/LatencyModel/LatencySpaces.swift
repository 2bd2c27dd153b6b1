import SearchSpace

/// The spaces a latency table can be read in, by the names the command line uses.
public enum LatencySpaces {
    /// The names, in the order messages list them.
    public static let names = ["nb201", "fbnet", "spos"]

    /// The space called `name`, or an error listing the known ones.
    public static func named(_ name: String) throws(LatencyModelError) -> any SearchSpace {
        switch name {
        case "nb201": NB201Space()
        case "fbnet": FBNetSpace()
        case "spos": SPOSSpace()
        default: throw LatencyModelError("unknown search space '\(name)'; expected one of \(names.joined(separator: ", "))")
        }
    }

    /// The column a space's architecture strings usually sit in (NAS-Bench-201's `arch_str`,
    /// the FBNet table's `op_idx`).
    public static func defaultArchitectureColumn(space: String) -> String? {
        switch space {
        case "nb201": "arch_str"
        case "fbnet": "op_idx"
        default: nil
        }
    }
}
