#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Facts about this machine's CPU, read once.
public enum CPUInfo {
    /// CPUs online now (`sysconf(_SC_NPROCESSORS_ONLN)`), at least 1.
    public static let onlineCPUs: Int = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// The CPU model as the kernel names it (`model name` on x86, `Model`/`Hardware` on ARM
    /// boards), or the machine architecture when none is given.
    public static let model: String = {
        if let text = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8) {
            for key in ["model name", "Model", "Hardware", "cpu model"] {
                for line in text.split(separator: "\n") where line.hasPrefix(key) {
                    if let colon = line.firstIndex(of: ":") {
                        let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                        if !value.isEmpty { return value }
                    }
                }
            }
        }
        return architecture
    }()

    /// The machine architecture as `uname -m` names it: `x86_64`, `aarch64`, …
    public static let architecture: String = ProcessInfo.processInfo.machineArchitecture
}

extension ProcessInfo {
    fileprivate var machineArchitecture: String {
        var name = utsname()
        uname(&name)
        return withUnsafeBytes(of: &name.machine) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
    }
}
