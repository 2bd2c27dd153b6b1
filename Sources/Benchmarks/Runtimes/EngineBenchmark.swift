import Measurement
import Runtimes
import SearchSpace

/// `hsconas bench engine`: the native engine against ONNX Runtime on random spos networks,
/// measured interleaved (native, then ORT, network by network) so both see the same machine state.
public enum EngineBenchmark {
    /// One network's figures: the median over repetitions of each runtime's median latency, and
    /// the coefficient of variation of those medians across repetitions.
    public struct Row: Sendable, Codable {
        /// The spos architecture in the space's text form (`block:ratio` per layer, joined by `-`).
        public var architecture: String
        /// Multiply-accumulates per sample, in millions (0 when the graph cannot be built).
        public var megaMACs: Double
        /// Native engine latency (ms).
        public var native: Double
        /// ONNX Runtime latency (ms).
        public var onnxRuntime: Double
        /// Coefficient of variation of the native medians across repetitions (0 with one repetition).
        public var nativeCV: Double
        /// Coefficient of variation of the ONNX Runtime medians across repetitions (0 with one repetition).
        public var onnxRuntimeCV: Double
        /// Native latency over ONNX Runtime's: below 1 when the native engine is faster.
        public var ratio: Double { native / onnxRuntime }
    }

    /// What `hsconas bench engine` reports: the per-network rows, how the two runtimes agree, and the machine.
    public struct Summary: Sendable, Codable {
        /// One row per network, in the order drawn.
        public var rows: [Row]
        /// The median of the rows' native-over-ONNX-Runtime ratios.
        public var medianRatio: Double
        /// Kendall's tau between the two runtimes' latencies over the networks: how alike they rank them.
        public var kendallTau: Double
        /// The median over networks of the native coefficient of variation.
        public var medianNativeCV: Double
        /// The median over networks of the ONNX Runtime coefficient of variation.
        public var medianOnnxRuntimeCV: Double
        /// The largest native coefficient of variation of any network.
        public var worstNativeCV: Double
        /// The largest ONNX Runtime coefficient of variation of any network.
        public var worstOnnxRuntimeCV: Double
        /// The machine's speed per repetition, and the spread left in the ratio once it cancels.
        public var drift: RepetitionDrift
        /// The native engine's version string (``NativeRuntime/version``): engine, GEMM library and OpenBLAS.
        public var nativeVersion: String
        /// Why the engine's GEMM kernels run below this CPU's features, when they do (the figures are then not the CPU's).
        public var kernelWarning: String?
        /// The version the ONNX Runtime worker reports (`onnxruntime` when it reports none).
        public var onnxRuntimeVersion: String
        /// The CPU model name, from the measurements' environment or this machine.
        public var cpuModel: String
        /// The CPUs the measuring threads were pinned to (``MeasurementSettings/cores``).
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
