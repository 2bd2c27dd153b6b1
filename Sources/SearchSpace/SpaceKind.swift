/// The search spaces hsconas knows, by the names configs, the wire and the command line use.
public enum SpaceKind: String, CaseIterable, Codable, Sendable, CustomStringConvertible {
    /// The NAS-Bench-201 cell: 15,625 networks, with a benchmark table of accuracy and latency.
    case nb201
    /// The single-path one-shot ShuffleNetV2 space HSCoNAS searches (no benchmark table).
    case spos

    /// The raw value, e.g. `nb201`.
    public var description: String { rawValue }

    /// The space itself.
    public var space: any NetworkSpace {
        switch self {
        case .nb201: NB201Space()
        case .spos: SPOSSpace()
        }
    }

    /// True when a benchmark table holds every network's accuracy and several devices' latency
    /// (replayed devices, table accuracy, fleet references for a new device).
    public var hasBenchmarkTable: Bool { self == .nb201 }
}
