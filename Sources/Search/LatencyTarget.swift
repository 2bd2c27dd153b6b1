/// A hard latency constraint: the architecture's latency on `device` must be at most `maxLatencyMs`.
public struct LatencyTarget: Sendable, Codable, Hashable {
    /// Device name, as workers advertise it and benchmark tables name it.
    public var device: String
    /// The budget in milliseconds.
    public var maxLatencyMs: Double

    /// A target of at most `maxLatencyMs` milliseconds on `device`.
    public init(device: String, maxLatencyMs: Double) {
        self.device = device
        self.maxLatencyMs = maxLatencyMs
    }
}

extension Array where Element == LatencyTarget {
    /// Total relative violation Σ max(0, latency/T − 1) over the targets whose latency is known;
    /// `infinity` when none is. A device left unasked (a fleet search measures a device only for
    /// candidates that meet every replayed target) adds nothing, so the figure is a lower bound;
    /// a failed measurement marks the whole candidate failed, which ranks below any violation.
    public func violation(of latencies: [String: Double]) -> Double {
        guard isEmpty || contains(where: { latencies[$0.device] != nil }) else { return .infinity }
        return reduce(0) { total, target in
            guard let latency = latencies[target.device] else { return total }
            return total + Swift.max(0, latency / target.maxLatencyMs - 1)
        }
    }

    /// Whether every target is met.
    public func areMet(by latencies: [String: Double]) -> Bool {
        allSatisfy { target in latencies[target.device].map { $0 <= target.maxLatencyMs } ?? false }
    }
}
