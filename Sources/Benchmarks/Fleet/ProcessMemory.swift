import Foundation

/// A process's memory as Linux reports it in `/proc/PID/status`.
public enum ProcessMemory {
    /// Resident set size (`VmRSS`) in kilobytes, or `nil` when the process is gone or the file
    /// cannot be read.
    public static func residentKilobytes(pid: Int32) -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in text.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return line.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        }
        return nil
    }
}
