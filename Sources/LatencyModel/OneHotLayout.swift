import SearchSpace

/// The one-hot columns of a space's genes: position `p`, choice `c` is column `offsets[p] + c`.
/// Shared by the regression (one coefficient per column) and the MLP (one input per column).
public struct OneHotLayout: Sendable, Hashable, Codable {
    /// Choices per position.
    public let choiceCounts: [Int]
    /// First column of each position.
    public let offsets: [Int]
    /// Number of columns: the sum of `choiceCounts`.
    public let width: Int

    /// Lays the positions out in order, each with `choiceCounts[p]` columns.
    public init(choiceCounts: [Int]) {
        self.choiceCounts = choiceCounts
        var offsets: [Int] = []
        var next = 0
        for count in choiceCounts {
            offsets.append(next)
            next += count
        }
        self.offsets = offsets
        width = next
    }

    /// The layout of every gene of `space`.
    public init(space: some SearchSpace) {
        self.init(choiceCounts: space.positions.map(\.choices.count))
    }

    /// Whether `architecture` has one in-range gene per position.
    public func admits(_ architecture: Architecture) -> Bool {
        architecture.genes.count == choiceCounts.count
            && zip(architecture.genes, choiceCounts).allSatisfy { gene, count in gene >= 0 && gene < count }
    }

    /// The columns that are 1 for `architecture`, one per position (it must be admitted).
    public func columns(_ architecture: Architecture) -> [Int] {
        zip(architecture.genes, offsets).map { $0 + $1 }
    }

    /// Checks that every sample fits `layout` and has a positive latency, naming the first that does not.
    static func check(
        _ samples: [LatencySample], against layout: OneHotLayout
    ) throws(LatencyModelError) {
        for (index, sample) in samples.enumerated() where !layout.admits(sample.architecture) {
            throw LatencyModelError(
                "sample \(index + 1) (\(sample.architecture)) does not fit the model's "
                    + "\(layout.choiceCounts.count) positions with choices \(layout.choiceCounts)")
        }
        for (index, sample) in samples.enumerated() where !(sample.latencyMs.isFinite && sample.latencyMs > 0) {
            throw LatencyModelError("sample \(index + 1) (\(sample.architecture)) has latency \(sample.latencyMs) ms; expected a positive number")
        }
    }
}
