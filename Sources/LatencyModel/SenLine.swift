import Foundation
import Measurement

/// A line `y ≈ slope · x + offset` that wild points cannot tilt: Sen's estimator on paired halves.
///
/// The points are sorted by (x, y), each is paired with the one half the list further up, the slope
/// is the median of those pairs' slopes and the offset the median of `y − slope · x`. Up to about a
/// quarter of the points can be arbitrarily wrong without moving it, where one spike at the widest
/// x tilts a least-squares line; O(n log n), and independent of the order the points came in.
public struct SenLine: Sendable, Hashable {
    /// Median slope of the paired points.
    public var slope: Double
    /// Median of `y − slope · x` over all points.
    public var offset: Double

    /// The line through `x` and `y` (paired by index); nil for fewer than two points or when no
    /// pair has distinct x.
    public init?(x: [Double], y: [Double]) {
        precondition(x.count == y.count, "a line needs one y per x")
        let count = x.count
        guard count >= 2 else { return nil }
        let order = x.indices.sorted { (x[$0], y[$0]) < (x[$1], y[$1]) }
        let half = count / 2
        let slopes = (0..<(count - half)).compactMap { position -> Double? in
            let (low, high) = (order[position], order[position + half])
            let run = x[high] - x[low]
            return run > 0 ? (y[high] - y[low]) / run : nil
        }
        guard !slopes.isEmpty else { return nil }
        slope = RankCorrelation.median(slopes)
        let fittedSlope = slope
        offset = RankCorrelation.median(x.indices.map { y[$0] - fittedSlope * x[$0] })
    }

    /// Indices of the points the line misses by more than `deviations` robust standard deviations
    /// (1.4826 × the median absolute deviation, at least `noiseFloor`) of `log(y / line)` and by
    /// more than `floor` in log units. Empty when the line predicts a positive value for no more
    /// than half of the points (their errors cannot be judged).
    public func outliers(x: [Double], y: [Double], deviations: Double, floor: Double, noiseFloor: Double) -> Set<Int> {
        var errors: [Int: Double] = [:]
        for index in x.indices {
            let predicted = slope * x[index] + offset
            if predicted > 0, predicted.isFinite, y[index] > 0 { errors[index] = Foundation.log(y[index] / predicted) }
        }
        guard errors.count * 2 > x.count else { return [] }
        let center = RankCorrelation.median(Array(errors.values))
        let sigma = max(noiseFloor, 1.4826 * RankCorrelation.median(errors.values.map { abs($0 - center) }))
        let cut = max(deviations * sigma, floor)
        return Set(errors.filter { abs($0.value - center) > cut }.keys)
    }
}
