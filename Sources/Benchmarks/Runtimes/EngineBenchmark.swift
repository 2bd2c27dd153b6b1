import Measurement
import Runtimes
import SearchSpace

/// `hsconas bench engine`: the native engine against ONNX Runtime on random spos networks,
/// measured interleaved (native, then ORT, network by network) so both see the same machine state.
public enum EngineBenchmark {
    /// One network's figures: the median over repetitions of each runtime's median latency, and
    /// the coefficient of variation of those medians across repetitions.
    public struct Row: Sendable, Codable {
        public var architecture: String
        public var megaMACs: Double
        public var native: Double
        public var onnxRuntime: Double
        public var nativeCV: Double
        public var onnxRuntimeCV: Double
        public var ratio: Double { native / onnxRuntime }
    }

    public struct Summary: Sendable, Codable {
        public var rows: [Row]
        public var medianRatio: Double
        public var kendallTau: Double
        public var medianNativeCV: Double
        public var medianOnnxRuntimeCV: Double
        public var worstNativeCV: Double
        public var worstOnnxRuntimeCV: Double
        /// The machine's speed per repetition, and the spread left in the ratio once it cancels.
        public var drift: RepetitionDrift
        public var nativeVersion: String
        /// Why the engine's GEMM kernels run below this CPU's features, when they do (the figures are then not the CPU's).
        public var kernelWarning: String?
        public var onnxRuntimeVersion: String
        public var cpuModel: String
        public var cores: [Int]
    }

    /// Measures `networks` random spos architectures drawn from `seed`, `repetitions` times each.
    public static func run(
        networks: Int, seed: UInt64, repetitions: Int, settings: MeasurementSettings, python: String,
        progress: @Sendable (String) -> Void
    ) async throws -> Summary {
        let space = SPOSSpace()
        var generator = SeededGenerator(seed: seed)
        let mask = ChoiceMask(space: space)
        let architectures = (0..<networks).map { _ in mask.sample(using: &generator) }
        let native = NativeRuntime(cores: settings.cores)
        let ort = try ORTRuntime(python: python)
        do {
            let ortVersion = try await ort.version()
            var nativeTimes = Array(repeating: [Double](), count: networks)
            var ortTimes = Array(repeating: [Double](), count: networks)
            var environment: MeasurementEnvironment?
            for repetition in 1...repetitions {
                for (index, architecture) in architectures.enumerated() {
                    let mine = try await native.measure(space: space, architecture: architecture, settings: settings)
                    let theirs = try await ort.measure(space: space, architecture: architecture, settings: settings)
                    nativeTimes[index].append(mine.milliseconds)
                    ortTimes[index].append(theirs.milliseconds)
                    environment = mine.environment
                    progress(
                        "repetition \(repetition)/\(repetitions) network \(index + 1)/\(networks): native \(format(mine.milliseconds)) ms, "
                            + "onnxruntime \(format(theirs.milliseconds)) ms")
                }
            }
            await native.shutdown()
            await ort.shutdown()
            func variation(_ values: [Double]) -> Double {
                values.count > 1 ? LatencyStatistics(milliseconds: values).coefficientOfVariation : 0
            }
            let rows = architectures.indices.map { index in
                let graph = try? space.graph(for: architectures[index])
                return Row(
                    architecture: space.format(architectures[index]), megaMACs: Double(graph?.multiplyAccumulates ?? 0) / 1e6,
                    native: RankCorrelation.median(nativeTimes[index]), onnxRuntime: RankCorrelation.median(ortTimes[index]),
                    nativeCV: variation(nativeTimes[index]), onnxRuntimeCV: variation(ortTimes[index]))
            }
            return Summary(
                rows: rows, medianRatio: RankCorrelation.median(rows.map(\.ratio)),
                kendallTau: RankCorrelation.kendallTau(rows.map(\.native), rows.map(\.onnxRuntime)),
                medianNativeCV: RankCorrelation.median(rows.map(\.nativeCV)),
                medianOnnxRuntimeCV: RankCorrelation.median(rows.map(\.onnxRuntimeCV)),
                worstNativeCV: rows.map(\.nativeCV).max() ?? 0, worstOnnxRuntimeCV: rows.map(\.onnxRuntimeCV).max() ?? 0,
                drift: RepetitionDrift(native: nativeTimes, onnxRuntime: ortTimes),
                nativeVersion: NativeRuntime.version, kernelWarning: environment?.kernelWarning,
                onnxRuntimeVersion: ortVersion,
                cpuModel: environment?.cpuModel ?? CPUInfo.model, cores: settings.cores)
        } catch {
            await native.shutdown()
            await ort.shutdown()
            throw error
        }
    }

    static func format(_ value: Double) -> String {
        let scaled = (value * 1000).rounded() / 1000
        return "\(scaled)"
    }
}
