/// A hard latency constraint: the architecture's latency on `device` must be at most `maxLatencyMs`.
public struct LatencyTarget: Sendable, Codable, Hashable {
    /// Device name, as workers advertise it and benchmark tables name it.
    public var device: String
    /// The budget in milliseconds.
    public var maxLatencyMs: Double

    public init(device: String, maxLatencyMs: Double) {
        self.device = device
        self.maxLatencyMs = maxLatencyMs
    }
}

extension Array where Element == LatencyTarget {
    /// Total relative violation Σ max(0, latency/T − 1) over all targets; `infinity` when a
    /// target's latency is unknown (its measurement failed), so such a candidate ranks last.
    public func violation(of latencies: [String: Double]) -> Double {
        reduce(0) { total, target in
            guard let latency = latencies[target.device] else { return .infinity }
            return total + Swift.max(0, latency / target.maxLatencyMs - 1)
        }
    }

    /// Whether every target is met.
    public func areMet(by latencies: [String: Double]) -> Bool {
        allSatisfy { target in latencies[target.device].map { $0 <= target.maxLatencyMs } ?? false }
    }
}
