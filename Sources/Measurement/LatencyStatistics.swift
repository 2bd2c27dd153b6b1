/// Summary statistics of repeated latency samples, in milliseconds.
public struct LatencyStatistics: Sendable, Hashable, Codable {
    /// Median of the samples (ms): the figure a search uses.
    public var median: Double
    /// Arithmetic mean of the samples (ms).
    public var mean: Double
    /// 10th percentile (ms).
    public var p10: Double
    /// 90th percentile (ms).
    public var p90: Double
    /// Fastest sample (ms).
    public var minimum: Double
    /// Standard deviation over mean.
    public var coefficientOfVariation: Double
    /// Number of timed runs summarized.
    public var samples: Int

    /// Takes statistics computed elsewhere, as given (unchecked).
    public init(
        median: Double, mean: Double, p10: Double, p90: Double, minimum: Double, coefficientOfVariation: Double, samples: Int
    ) {
        self.median = median
        self.mean = mean
        self.p10 = p10
        self.p90 = p90
        self.minimum = minimum
        self.coefficientOfVariation = coefficientOfVariation
        self.samples = samples
    }

    /// Statistics of `milliseconds`, which must not be empty. Percentiles interpolate linearly
    /// between order statistics (numpy's default).
    public init(milliseconds: [Double]) {
        precondition(!milliseconds.isEmpty, "statistics of no samples")
        let sorted = milliseconds.sorted()
        func percentile(_ fraction: Double) -> Double {
            let position = fraction * Double(sorted.count - 1)
            let low = Int(position.rounded(.down))
            let high = min(low + 1, sorted.count - 1)
            return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
        }
        let mean = sorted.reduce(0, +) / Double(sorted.count)
        let variance = sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(sorted.count - 1, 1))
        self.init(
            median: percentile(0.5), mean: mean, p10: percentile(0.1), p90: percentile(0.9), minimum: sorted[0],
            coefficientOfVariation: mean > 0 ? variance.squareRoot() / mean : 0, samples: sorted.count)
    }
}
