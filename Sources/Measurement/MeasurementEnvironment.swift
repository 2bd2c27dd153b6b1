import Foundation

/// Where and how a figure was measured; stored with every measured latency.
public struct MeasurementEnvironment: Sendable, Hashable, Codable {
    /// Host name of the measuring machine.
    public var host: String
    /// The CPU model as ``CPUInfo/model`` names it.
    public var cpuModel: String
    /// CPUs online on the host.
    public var onlineCPUs: Int
    /// CPUs the measurement was pinned to.
    public var cores: [Int]
    /// Threads the runtime could use.
    public var threads: Int
    /// Samples per timed run.
    public var batch: Int
    /// `native`, `onnxruntime`, `command`.
    public var runtime: String
    /// The runtime's version, e.g. `hsconas-engine 2 (GEMM oneDNN 2.6.3 (avx2); OpenBLAS 0.3.21 …)` or `onnxruntime 1.31.1`.
    public var runtimeVersion: String
    /// Set when the runtime's kernels are below what this CPU can do (the native runtime's
    /// `gemmShortfall`: oneDNN's instruction set on x86-64, else
    /// ``BLASKernelSelection/shortfall(environment:coreName:cpuFlags:architecture:)``), so a slow
    /// figure says why; nil otherwise.
    public var kernelWarning: String?

    /// Host, CPU model and CPU count default to this machine's.
    public init(
        host: String = ProcessInfo.processInfo.hostName, cpuModel: String = CPUInfo.model,
        onlineCPUs: Int = CPUInfo.onlineCPUs, cores: [Int], threads: Int, batch: Int, runtime: String, runtimeVersion: String,
        kernelWarning: String? = nil
    ) {
        self.host = host
        self.cpuModel = cpuModel
        self.onlineCPUs = onlineCPUs
        self.cores = cores
        self.threads = threads
        self.batch = batch
        self.runtime = runtime
        self.runtimeVersion = runtimeVersion
        self.kernelWarning = kernelWarning
    }
}
