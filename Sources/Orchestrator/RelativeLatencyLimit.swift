import Foundation

/// A latency limit relative to the device it applies to: `pNN` is the NN-th percentile of the
/// device's own latency over a sample of the space. The same config then asks for "the faster
/// 30 % of networks" on a Raspberry Pi and on a server, instead of a number in ms that is
/// generous on one machine and impossible on the other.
public struct RelativeLatencyLimit: Sendable, Hashable, CustomStringConvertible {
    /// The percentile, strictly between 0 and 100.
    public let percentile: Double

    /// Parses `pNN` (e.g. `p30`, `p12.5`); the error says what is wrong with `text`.
    public init(parsing text: String) throws(ConfigError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard trimmed.first == "p" || trimmed.first == "P", let value = Double(trimmed.dropFirst()), value.isFinite else {
            throw ConfigError(
                field: "max_latency",
                "'\(text)' is not a percentile: write pNN, e.g. p30 for the 30th percentile of the device's own latency")
        }
        guard value > 0, value < 100 else {
            throw ConfigError(field: "max_latency", "'\(text)': the percentile must be above 0 and below 100")
        }
        percentile = value
    }

    /// The limit as a config writes it: `p30`, or `p12.5` for a fractional percentile.
    public var description: String {
        percentile == percentile.rounded() ? "p\(Int(percentile))" : "p\(percentile)"
    }

    /// The percentile of `values` by the nearest-rank rule the benchmark oracle uses; nil when empty.
    public func resolve(_ values: [Double]) -> Double? {
        let sorted = values.filter(\.isFinite).sorted()
        guard !sorted.isEmpty else { return nil }
        let rank = Int((percentile / 100 * Double(sorted.count - 1)).rounded())
        return sorted[min(max(rank, 0), sorted.count - 1)]
    }
}
