
/// One latency setting of the search benchmark: each listed device must stay at or under its
/// latency at the given percentile of all NAS-Bench-201 cells on that device.
public struct SearchBenchmarkTarget: Sendable, Hashable, Codable {
    /// One device and the percentile its limit is taken at.
    public struct Limit: Sendable, Hashable, Codable {
        /// A device of the NAS-Bench-201 table, e.g. `raspi4`.
        public var device: String
        /// 0...100, nearest rank (``NB201Oracle/latencyPercentile(_:device:)``).
        public var percentile: Double

        /// Creates a limit for `device` at `percentile`.
        public init(device: String, percentile: Double) {
            self.device = device
            self.percentile = percentile
        }
    }

    /// The devices' limits, in the order given; every one must hold.
    public var limits: [Limit]

    /// Creates a target whose every limit must hold.
    public init(limits: [Limit]) {
        self.limits = limits
    }

    /// A single-device target.
    public init(device: String, percentile: Double) {
        limits = [Limit(device: device, percentile: percentile)]
    }

    /// E.g. `raspi4@p25` or `raspi4@p25+gold_6240@p25`.
    public var label: String {
        limits.map { "\($0.device)@p\(Self.format($0.percentile))" }.joined(separator: "+")
    }

    /// Parses a ``label``: `device@pP` limits joined by `+`, each percentile in 0…100. Nil when
    /// any part is malformed (the caller names the whole value).
    public init?(label: String) {
        var limits: [Limit] = []
        for part in label.split(separator: "+", omittingEmptySubsequences: false) {
            let pieces = part.split(separator: "@", omittingEmptySubsequences: false)
            guard pieces.count == 2, !pieces[0].isEmpty, pieces[1].first == "p",
                let percentile = Double(pieces[1].dropFirst()), (0...100).contains(percentile)
            else { return nil }
            limits.append(Limit(device: String(pieces[0]), percentile: percentile))
        }
        self.init(limits: limits)
    }

    private static func format(_ value: Double) -> String {
        value == value.rounded() ? String(Int(value)) : String(value)
    }

    /// The issue's targets: raspi4, pixel3, gold_6240 and titanxp_1 alone, then the pairs
    /// raspi4+gold_6240 and pixel3+titanxp_1, each at the 25th and then the 50th percentile.
    public static let standard: [SearchBenchmarkTarget] = [25.0, 50.0].flatMap { percentile in
        ["raspi4", "pixel3", "gold_6240", "titanxp_1"].map { SearchBenchmarkTarget(device: $0, percentile: percentile) }
            + [["raspi4", "gold_6240"], ["pixel3", "titanxp_1"]].map { pair in
                SearchBenchmarkTarget(limits: pair.map { Limit(device: $0, percentile: percentile) })
            }
    }
}
