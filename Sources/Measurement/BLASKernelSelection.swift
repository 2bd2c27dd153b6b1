#if canImport(Glibc)
import Glibc
#endif
import COpenBLAS
import Foundation

/// Makes OpenBLAS use kernels that match what this CPU can do.
///
/// OpenBLAS picks its kernels when the library loads, from a table of CPU models fixed at its
/// release. Debian 12's 0.3.21 does not know recent CPUs: it takes AVX2 "Haswell" kernels on AMD
/// Zen 4/5 with full AVX-512, and generic SSE3 "Prescott" kernels on some AVX-512 Xeons, which
/// makes GEMM two to three times slower than the CPU allows. The rule here follows the CPU's
/// feature flags, not model names: the best ``BLASKernelTier`` whose flags the CPU has is asked
/// for whenever the kernel set OpenBLAS chose is below it. The only switch is the
/// `OPENBLAS_CORETYPE` environment variable read at load time, so a measuring command re-executes
/// itself once with it set. A user's own `OPENBLAS_CORETYPE` is respected (nothing happens), and
/// `HSCONAS_BLAS_AUTOSELECT=0` keeps OpenBLAS's own choice.
public enum BLASKernelSelection {
    /// Set alongside `OPENBLAS_CORETYPE` by the re-exec, so the new process knows the kernel set
    /// was asked for by hsconas (and which), not by the user.
    static let requestedVariable = "HSCONAS_BLAS_REQUESTED"

    /// The kernel set OpenBLAS is using, e.g. `Haswell`, `SkylakeX`, `Zen`, `neoversen1`.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The best tier this CPU's flags allow, or nil (an architecture without tiers, or a CPU
    /// below all of them).
    public static func bestTier(cpuFlags: Set<String>, architecture: String) -> BLASKernelTier? {
        BLASKernelTier.tiers(architecture: architecture).first { $0.requiredFlags.isSubset(of: cpuFlags) }
    }

    /// The tier of a kernel set OpenBLAS names, or nil when it is one of its generic fallbacks.
    public static func tier(ofCore coreName: String, architecture: String) -> BLASKernelTier? {
        let name = coreName.lowercased()
        return BLASKernelTier.tiers(architecture: architecture).first { $0.coreNames.contains(name) }
    }

    /// True when `coreName` is at or above `tier`.
    static func core(_ coreName: String, reaches tier: BLASKernelTier, architecture: String) -> Bool {
        let tiers = BLASKernelTier.tiers(architecture: architecture)
        guard let wanted = tiers.firstIndex(of: tier) else { return true }
        guard let have = self.tier(ofCore: coreName, architecture: architecture), let index = tiers.firstIndex(of: have)
        else { return false }
        return index <= wanted
    }

    /// The kernel set to ask for, or nil when OpenBLAS's own choice stands: the user chose one
    /// (`OPENBLAS_CORETYPE`), turned selection off, or OpenBLAS's choice already reaches the best
    /// tier the CPU allows.
    public static func preferredCoreType(
        environment: [String: String] = ProcessInfo.processInfo.environment, coreName: String = coreName,
        cpuFlags: Set<String> = cpuFlags, architecture: String = CPUInfo.architecture
    ) -> String? {
        guard environment["OPENBLAS_CORETYPE"] == nil, environment["HSCONAS_BLAS_AUTOSELECT"] != "0" else { return nil }
        guard let best = bestTier(cpuFlags: cpuFlags, architecture: architecture) else { return nil }
        return core(coreName, reaches: best, architecture: architecture) ? nil : best.kernel
    }

    /// A sentence saying that the kernels in use are below what this CPU can do, or nil when they
    /// are not (or the user chose them). For a worker's log and every measurement's environment.
    public static func shortfall(
        environment: [String: String] = ProcessInfo.processInfo.environment, coreName: String = coreName,
        cpuFlags: Set<String> = cpuFlags, architecture: String = CPUInfo.architecture
    ) -> String? {
        guard let best = bestTier(cpuFlags: cpuFlags, architecture: architecture),
            !core(coreName, reaches: best, architecture: architecture)
        else { return nil }
        let requested = environment[requestedVariable]
        let userChoice = environment["OPENBLAS_CORETYPE"] != nil && requested == nil
        if userChoice { return nil }
        var text = "OpenBLAS runs its \(coreName) kernels, below this CPU's \(best.name) (\(best.kernel) kernels)"
        if let requested {
            text += "; asked for \(requested) but this OpenBLAS build did not take it"
        } else if environment["HSCONAS_BLAS_AUTOSELECT"] == "0" {
            text += "; HSCONAS_BLAS_AUTOSELECT=0 keeps OpenBLAS's own choice"
        }
        return text + ": latency measured here is slower than the CPU allows"
    }

    /// Re-executes this process with the preferred kernel set when there is one; returns when
    /// there is none (or the re-exec failed, which only costs speed).
    public static func reexecuteIfBetterKernelsExist() {
        guard let core = preferredCoreType() else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        setenv(requestedVariable, core, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        // Only reached if execv failed.
        unsetenv("OPENBLAS_CORETYPE")
        unsetenv(requestedVariable)
    }

    /// The CPU feature flags from /proc/cpuinfo (empty where the file has none).
    public static let cpuFlags: Set<String> = {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
        return flags(fromCPUInfo: text)
    }()

    /// The flags of the first processor in a `/proc/cpuinfo` text (`flags` on x86, `Features` on arm64).
    public static func flags(fromCPUInfo text: String) -> Set<String> {
        for line in text.split(separator: "\n") where line.hasPrefix("flags") || line.hasPrefix("Features") {
            if let colon = line.firstIndex(of: ":") {
                return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
            }
        }
        return []
    }
}
