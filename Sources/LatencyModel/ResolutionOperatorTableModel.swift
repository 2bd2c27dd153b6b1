import SearchSpace

/// The operator table with one correction per feature-map size: latency ≈ a · Σ table + b + Σ_r d_r · S_r,
/// where S_r sums the table over the operators whose output is r × r.
///
/// Why: on a CPU the table misses by stage, not uniformly. Operators timed alone on small early
/// feature maps and on wide late ones are off by different factors, so two networks with the same
/// table sum but their width in different stages measure differently (seen on AMD EPYC Zen 3: DCS
/// candidates predicted at 9 ms measured 7.3–12.5 ms, the slow ones wide in the last stages).
/// The global line a, b is fitted first by least squares; the per-size terms d_r are fitted on
/// its residuals with a Gaussian prior (``shrinkage``) that pulls each toward 0, so a few measured
/// networks give the global line and more of them let each size part from it.
public struct ResolutionOperatorTableModel: LatencyPredictor {
    /// The plain correction the per-size terms refine.
    public private(set) var global: OperatorTableModel
    /// The output sizes (`HxW`) the table's operators produce, in a fixed order: one term each.
    public let resolutions: [String]
    /// Prior precision of each per-size term, with features and residuals in units of the mean
    /// table sum (1: a term as large as the whole table sum costs as much as one network missed by
    /// that much).
    public let shrinkage: Double
    private var ridge: BayesianRidge?
    /// The mean table sum of the fitted networks: the per-size sums are divided by it.
    private var featureScale = 1.0

    /// A model over `table` and the operators `signatures` lists for a network.
    public init(table: [String: Double], signatures: @escaping @Sendable (Architecture) -> [String], shrinkage: Double = 1) {
        global = OperatorTableModel(table: table, signatures: signatures)
        resolutions = Set(table.keys.map(Self.resolution(of:))).sorted()
        self.shrinkage = shrinkage
    }

    /// The output feature-map size of an operator signature such as
    /// `conv1x1/g1/s1/p0+bn+relu 32x56x56->51x56x56` (`56x56`); "" when it names no shape.
    public static func resolution(of signature: String) -> String {
        guard let arrow = signature.range(of: "->", options: .backwards) else { return "" }
        let output = signature[arrow.upperBound...].split(separator: "x")
        guard output.count >= 3 else { return "" }
        return output.suffix(2).joined(separator: "x")
    }

    /// The table sum over each output size, in ``resolutions`` order; nil when an operator is
    /// not in the table.
    public func resolutionSums(_ architecture: Architecture) -> [Double]? {
        var sums = [Double](repeating: 0, count: resolutions.count)
        for signature in global.signatures(architecture) {
            guard let latency = global.table[signature],
                let index = resolutions.firstIndex(of: Self.resolution(of: signature))
            else { return nil }
            sums[index] += latency
        }
        return sums
    }

    /// The ridge's row for a network's per-size sums: a bias and the sums in units of `scale`.
    private static func row(_ sums: [Double], scale: Double) -> [Double] {
        [1] + sums.map { $0 / scale }
    }

    /// Fits the global a, b, then the per-size terms on what it leaves; on an error the model is
    /// left as it was.
    public mutating func fit(_ samples: [LatencySample]) throws(LatencyModelError) {
        var line = global
        try line.fit(samples)
        var perSize: [[Double]] = []
        for (index, sample) in samples.enumerated() {
            guard let sums = resolutionSums(sample.architecture) else {
                throw LatencyModelError("sample \(index + 1) (\(sample.architecture)) runs an operator the table has no latency for")
            }
            perSize.append(sums)
        }
        let scale = max(perSize.map { $0.reduce(0, +) }.reduce(0, +) / Double(perSize.count), 1e-9)
        // Features and residuals both in units of the mean table sum, so the prior means the same
        // on a 2 ms and a 200 ms device.
        let rows = perSize.map { Self.row($0, scale: scale) }
        let residuals = zip(samples, perSize).map { sample, sums in
            (sample.latencyMs - (line.a * sums.reduce(0, +) + line.b)) / scale
        }
        // The bias is already in b: a vanishing prior leaves it free to absorb what the terms shift.
        var fitted = BayesianRidge(precision: [1e-9] + Array(repeating: shrinkage, count: resolutions.count), noiseFloor: 1e-9)
        guard fitted.fit(rows: rows, targets: residuals) else {
            throw LatencyModelError("the per-size correction is singular on \(samples.count) networks")
        }
        global = line
        featureScale = scale
        ridge = fitted
    }

    /// The global prediction plus the per-size terms (the global one alone before a fit); NaN when
    /// an operator is not in the table.
    public func predict(_ architecture: Architecture) -> Double {
        guard let ridge else { return global.predict(architecture) }
        // One pass over the network's operators: the global line's sum is the per-size sums' total.
        guard let sums = resolutionSums(architecture) else { return .nan }
        return global.a * sums.reduce(0, +) + global.b + featureScale * ridge.mean(Self.row(sums, scale: featureScale))
    }
}
