import Engine
import Measurement
import SearchSpace

/// The engine, timed on a pinned thread. Threads and pinning follow each request's settings;
/// requests are measured one at a time.
public final class NativeRuntime: LatencyRuntime {
    public let name = "native"
    /// Seed of the random weights; latency does not depend on their values.
    public let weightSeed: UInt64
    private let thread: PinnedThread

    public init(cores: [Int] = MeasurementSettings.defaultCores(threads: 1), weightSeed: UInt64 = 1) {
        self.weightSeed = weightSeed
        thread = PinnedThread(cores: cores, name: "hsconas-native")
    }

    /// `hsconas-engine 1 (OpenBLAS …)`.
    public static var version: String { "hsconas-engine \(Engine.version) (\(ThreadPinning.blasVersion))" }

    /// Why this machine's figures are slower than its CPU allows, when they are (OpenBLAS kernels
    /// below the CPU's features); read once per process.
    public static let kernelWarning: String? = BLASKernelSelection.shortfall()

    public func measure(graph: NetworkGraph, settings: MeasurementSettings) async throws -> LatencyMeasurement {
        try settings.validate()
        let seed = weightSeed
        return try await thread.run {
            let network = try Self.prepare(graph, settings: settings, seed: seed)
            let (statistics, attempts) = LatencyHarness.measure(settings: settings) { network.run() }
            return LatencyMeasurement(
                statistics: statistics, attempts: attempts,
                environment: MeasurementEnvironment(
                    cores: settings.cores, threads: settings.threads, batch: settings.batch, runtime: "native",
                    runtimeVersion: Self.version, kernelWarning: Self.kernelWarning))
        }
    }

    /// Where the engine spends its time on `graph`: milliseconds per kind of step, averaged over
    /// `max(minimumRuns, 10)` runs after the warm-up.
    public func profile(
        graph: NetworkGraph, settings: MeasurementSettings
    ) async throws -> [(kind: String, milliseconds: Double, steps: Int)] {
        try settings.validate()
        let seed = weightSeed
        return try await thread.run {
            let network = try Self.prepare(graph, settings: settings, seed: seed)
            for _ in 0..<settings.warmupRuns { network.run() }
            return network.profile(runs: max(settings.minimumRuns, 10))
        }
    }

    /// On the measuring thread: pin it and OpenBLAS, then build the network with its input.
    private static func prepare(_ graph: NetworkGraph, settings: MeasurementSettings, seed: UInt64) throws -> CompiledNetwork {
        try ThreadPinning.pinCurrentThread(to: settings.cores)
        try ThreadPinning.configureBLAS(threads: settings.threads, cores: settings.cores)
        let network = try CompiledNetwork(graph: graph, weights: NetworkWeights(graph: graph, seed: seed), batch: settings.batch)
        network.fillInput(seed: seed)
        return network
    }

    public func shutdown() async {
        thread.stop()
    }
}
