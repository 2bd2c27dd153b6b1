import Engine
import Measurement
import SearchSpace
import Synchronization

/// The engine, timed on a pinned thread. Threads and pinning follow each request's settings;
/// requests on the same cores are measured one at a time. Each set of cores gets a thread of its
/// own: OpenMP's workers (oneDNN's threads) take the CPU mask of the thread that starts them and
/// keep it, so a thread re-pinned to other cores would leave its workers behind.
public final class NativeRuntime: LatencyRuntime {
    /// Always `native`.
    public let name = "native"
    /// Seed of the random weights; latency does not depend on their values.
    public let weightSeed: UInt64
    /// The measuring thread of each set of cores asked for so far.
    private let threads: Mutex<[[Int]: PinnedThread]>

    /// Starts a measuring thread pinned to `cores`; other sets of cores get theirs when first asked for.
    public init(cores: [Int] = MeasurementSettings.defaultCores(threads: 1), weightSeed: UInt64 = 1) {
        self.weightSeed = weightSeed
        threads = Mutex([cores: PinnedThread(cores: cores, name: "hsconas-native")])
    }

    /// `hsconas-engine 2 (GEMM oneDNN 2.6.3 (avx512_core_bf16); OpenBLAS …)`, or without the oneDNN
    /// part where OpenBLAS runs the GEMMs too. Read once per process (every measurement carries it),
    /// as ``kernelWarning``: neither library changes its kernels while the process runs.
    public static let version: String = {
        let gemm = EngineGEMMLibrary.isOneDNN ? "GEMM \(EngineGEMMLibrary.description); " : ""
        return "hsconas-engine \(Engine.version) (\(gemm)\(ThreadPinning.blasVersion))"
    }()

    /// For a measuring command, before anything else: where the engine's products run on OpenBLAS,
    /// re-executes the process once with better OpenBLAS kernels when the CPU has them
    /// (``BLASKernelSelection/reexecuteIfBetterKernelsExist()``). On oneDNN nothing is measured
    /// through OpenBLAS, so the process is left alone.
    public static func selectKernels() {
        guard !EngineGEMMLibrary.isOneDNN else { return }
        BLASKernelSelection.reexecuteIfBetterKernelsExist()
    }

    /// Why this machine's figures are slower than its CPU allows, when they are (GEMM kernels below
    /// the CPU's features); read once per process.
    public static let kernelWarning: String? = gemmShortfall()

    /// On oneDNN: its instruction set against the CPU's best tier (the engine then runs no product
    /// on OpenBLAS, so its kernel choice no longer sets the figures).
    /// On OpenBLAS: its kernel selection's own shortfall. `reaches` and `instructionSet` stand for
    /// oneDNN's kernels here (tests give others).
    public static func gemmShortfall(
        cpuFlags: Set<String> = BLASKernelSelection.cpuFlags, architecture: String = CPUInfo.architecture,
        oneDNN: Bool = EngineGEMMLibrary.isOneDNN,
        reaches: (_ avx512: Bool) -> Bool? = EngineGEMMLibrary.reaches(avx512:),
        instructionSet: String? = EngineGEMMLibrary.instructionSet
    ) -> String? {
        guard oneDNN else { return BLASKernelSelection.shortfall(cpuFlags: cpuFlags, architecture: architecture) }
        guard let best = BLASKernelSelection.bestTier(cpuFlags: cpuFlags, architecture: architecture) else { return nil }
        let reached: Bool?
        switch best {
        case .avx512: reached = reaches(true)
        case .avx2FMA: reached = reaches(false)
        default: reached = nil
        }
        guard reached == false else { return nil }
        return "oneDNN runs its \(instructionSet ?? "generic") kernels, below this CPU's \(best.name)"
            + ": latency measured here is slower than the CPU allows"
    }

    /// Builds `graph` with seeded weights on the thread for `settings.cores` and times it by the
    /// settings' method; throws when the settings are invalid or pinning or building fails.
    public func measure(graph: NetworkGraph, settings: MeasurementSettings) async throws -> LatencyMeasurement {
        try settings.validate()
        let seed = weightSeed
        return try await thread(for: settings.cores).run {
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
        return try await thread(for: settings.cores).run {
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

    private func thread(for cores: [Int]) -> PinnedThread {
        threads.withLock { threads in
            if let thread = threads[cores] { return thread }
            let thread = PinnedThread(cores: cores, name: "hsconas-native")
            threads[cores] = thread
            return thread
        }
    }

    /// Stops every measuring thread once its queued work is done.
    public func shutdown() async {
        for thread in threads.withLock({ Array($0.values) }) { thread.stop() }
    }
}
