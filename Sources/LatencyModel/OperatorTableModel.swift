import SearchSpace

/// HSCoNAS's hardware performance model (Docs/design.md §5): latency ≈ a · Σ table[signature] + b.
///
/// `table` holds per-operator latencies profiled on the device; `signatures` lists the operators
/// a network runs, by the same keys (one entry per occurrence). The profiled operators ignore
/// what the whole network adds and overlaps (launches, memory traffic between layers, caches),
/// so `fit` calibrates only the scale `a` and offset `b` by least squares on a few whole-network
/// measurements; the table itself is not changed.
public struct OperatorTableModel: LatencyPredictor {
    /// Per-operator latency (ms) by signature.
    public var table: [String: Double]
    /// The operator signatures of a network.
    public let signatures: @Sendable (Architecture) -> [String]
    /// Scale on the summed table latencies.
    public private(set) var a = 1.0
    /// Offset (ms).
    public private(set) var b = 0.0

    /// A model with `a = 1`, `b = 0` (the plain table sum) until ``fit(_:)`` calibrates it.
    public init(table: [String: Double], signatures: @escaping @Sendable (Architecture) -> [String]) {
        self.table = table
        self.signatures = signatures
    }

    /// The uncalibrated sum of the table over a network's operators; NaN when an operator is not
    /// in the table (a prediction from a partial sum would look plausible and be wrong).
    public func tableSum(_ architecture: Architecture) -> Double {
        var sum = 0.0
        for signature in signatures(architecture) {
            guard let latency = table[signature] else { return .nan }
            sum += latency
        }
        return sum
    }

    /// Fits `a` and `b` by least squares on the samples' table sums against their latencies.
    public mutating func fit(_ samples: [LatencySample]) throws(LatencyModelError) {
        guard samples.count >= 2 else {
            throw LatencyModelError("fitting a and b needs at least 2 measured networks, got \(samples.count)")
        }
        var sums: [Double] = []
        sums.reserveCapacity(samples.count)
        for (index, sample) in samples.enumerated() {
            guard sample.latencyMs.isFinite, sample.latencyMs > 0 else {
                throw LatencyModelError("sample \(index + 1) (\(sample.architecture)) has latency \(sample.latencyMs) ms; expected a positive number")
            }
            var sum = 0.0
            for signature in signatures(sample.architecture) {
                guard let latency = table[signature] else {
                    throw LatencyModelError("sample \(index + 1) (\(sample.architecture)) runs operator '\(signature)', which the table has no latency for")
                }
                sum += latency
            }
            sums.append(sum)
        }
        let n = Double(samples.count)
        let meanSum = sums.reduce(0, +) / n
        let meanLatency = samples.reduce(0) { $0 + $1.latencyMs } / n
        var covariance = 0.0, variance = 0.0
        for (sum, sample) in zip(sums, samples) {
            covariance += (sum - meanSum) * (sample.latencyMs - meanLatency)
            variance += (sum - meanSum) * (sum - meanSum)
        }
        guard variance > 1e-12 * max(meanSum * meanSum, 1) * n else {
            throw LatencyModelError(
                "every measured network has the same table sum (\(meanSum) ms); a and b need networks with different operators")
        }
        a = covariance / variance
        b = meanLatency - a * meanSum
    }

    /// `a` times the table sum plus `b`, in ms; NaN when an operator is not in the table.
    public func predict(_ architecture: Architecture) -> Double {
        a * tableSum(architecture) + b
    }

    /// The calibration, for storing next to the table it belongs to.
    public var calibration: OperatorTableCalibration {
        OperatorTableCalibration(table: table, a: a, b: b)
    }

    /// A model restored from a stored calibration; `signatures` must be the function it was fitted with.
    public init(calibration: OperatorTableCalibration, signatures: @escaping @Sendable (Architecture) -> [String]) {
        self.init(table: calibration.table, signatures: signatures)
        a = calibration.a
        b = calibration.b
    }
}
