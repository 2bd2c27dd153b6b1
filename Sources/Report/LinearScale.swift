import Foundation

/// Maps a data interval onto a pixel interval, with round tick values.
struct LinearScale: Sendable {
    var lower: Double
    var upper: Double
    var start: Double
    var end: Double

    /// A domain covering `values` with 5 % padding; a single value or none gets a unit-wide domain.
    static func domain(covering values: [Double], padding: Double = 0.05) -> (Double, Double) {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max() else { return (0, 1) }
        let span = high - low
        if span <= 0 { return (low - max(abs(low) * 0.1, 0.5), high + max(abs(high) * 0.1, 0.5)) }
        return (low - span * padding, high + span * padding)
    }

    func callAsFunction(_ value: Double) -> Double {
        guard upper != lower else { return (start + end) / 2 }
        return start + (value - lower) / (upper - lower) * (end - start)
    }

    /// About `count` round values (1, 2 or 5 times a power of ten apart) inside the domain.
    func ticks(count: Int = 6) -> [Double] {
        let span = upper - lower
        guard span > 0, span.isFinite else { return [lower] }
        let raw = span / Double(max(count, 1))
        let magnitude = pow(10, floor(log10(raw)))
        let step = [1.0, 2, 5, 10].map { $0 * magnitude }.first { $0 >= raw } ?? 10 * magnitude
        var ticks: [Double] = []
        var tick = ceil(lower / step) * step
        while tick <= upper + step * 1e-9 {
            ticks.append(abs(tick) < step * 1e-9 ? 0 : tick)
            tick += step
        }
        return ticks
    }
}
