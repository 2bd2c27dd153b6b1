#if canImport(Glibc)
import Glibc
#endif
import COpenBLAS
import Foundation

/// Makes OpenBLAS use the kernels this CPU is best at when its own detection falls short.
///
/// OpenBLAS picks its kernels when the library loads, from a CPU table fixed at its release:
/// Debian 12's 0.3.21 does not know AMD Zen 4/5 and falls back to its AVX2 "Haswell" kernels on
/// CPUs with full AVX-512, which halves GEMM speed. The only switch is the `OPENBLAS_CORETYPE`
/// environment variable read at load time, so a measuring command re-executes itself once with
/// it set. Users can set the variable themselves (then nothing happens), or set
/// `HSCONAS_BLAS_AUTOSELECT=0` to keep OpenBLAS's own choice.
public enum BLASKernelSelection {
    /// The kernel set OpenBLAS is using, e.g. `Haswell`, `SkylakeX`, `Zen`, `NeoverseN1`.
    public static var coreName: String {
        guard let name = openblas_get_corename() else { return "unknown" }
        return String(cString: name)
    }

    /// The kernel set to ask for, or nil when OpenBLAS's own choice stands.
    public static func preferredCoreType(
        environment: [String: String] = ProcessInfo.processInfo.environment, coreName: String = coreName,
        cpuFlags: Set<String> = cpuFlags
    ) -> String? {
        guard environment["OPENBLAS_CORETYPE"] == nil, environment["HSCONAS_BLAS_AUTOSELECT"] != "0" else { return nil }
        guard ["Haswell", "Zen"].contains(coreName) else { return nil }
        let avx512: Set<String> = ["avx512f", "avx512dq", "avx512bw", "avx512vl"]
        return avx512.isSubset(of: cpuFlags) ? "SkylakeX" : nil
    }

    /// Re-executes this process with the preferred kernel set when there is one; returns when
    /// there is none (or the re-exec failed, which only costs speed).
    public static func reexecuteIfBetterKernelsExist() {
        guard let core = preferredCoreType() else { return }
        setenv("OPENBLAS_CORETYPE", core, 1)
        execv("/proc/self/exe", CommandLine.unsafeArgv)
        unsetenv("OPENBLAS_CORETYPE")  // only reached if execv failed
    }

    /// The CPU feature flags from /proc/cpuinfo (empty where the file has none).
    public static let cpuFlags: Set<String> = {
        guard let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) else { return [] }
        for line in text.split(separator: "\n") where line.hasPrefix("flags") || line.hasPrefix("Features") {
            if let colon = line.firstIndex(of: ":") {
                return Set(line[line.index(after: colon)...].split(separator: " ").map(String.init))
            }
        }
        return []
    }()
}
