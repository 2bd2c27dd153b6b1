import Measurement

/// How the machine's speed moved between the repetitions of an interleaved benchmark, and how much
/// of each network's spread the two runtimes shared.
///
/// On a shared VM a whole repetition can run a few percent slower for both runtimes at once (seen
/// on AMD EPYC Zen 5: −6 % for two repetitions, then back). That raises each runtime's CV across
/// repetitions without saying anything about either runtime; the ratio of the two readings taken
/// back to back cancels it.
public struct RepetitionDrift: Sendable, Codable, Equatable {
    /// Per repetition, the median over networks of (that repetition's reading / the network's
    /// median − 1), for the native engine.
    public var native: [Double]
    /// The same for ONNX Runtime.
    public var onnxRuntime: [Double]
    /// The median over networks of the CV of the per-repetition ratio native/ORT.
    public var medianRatioCV: Double

    /// `native[n][r]` and `onnxRuntime[n][r]`: network n's reading in repetition r (every network
    /// has the same number of repetitions, at least one).
    public init(native nativeTimes: [[Double]], onnxRuntime ortTimes: [[Double]]) {
        native = Self.shifts(nativeTimes)
        onnxRuntime = Self.shifts(ortTimes)
        let ratioCVs = zip(nativeTimes, ortTimes).map { mine, theirs in
            let ratios = zip(mine, theirs).map { $0 / $1 }
            return ratios.count > 1 ? LatencyStatistics(milliseconds: ratios).coefficientOfVariation : 0
        }
        medianRatioCV = ratioCVs.isEmpty ? 0 : RankCorrelation.median(ratioCVs)
    }

    private static func shifts(_ times: [[Double]]) -> [Double] {
        guard let repetitions = times.first?.count, repetitions > 0 else { return [] }
        let medians = times.map { RankCorrelation.median($0) }
        return (0..<repetitions).map { repetition in
            RankCorrelation.median(times.indices.map { times[$0][repetition] / medians[$0] - 1 })
        }
    }
}
