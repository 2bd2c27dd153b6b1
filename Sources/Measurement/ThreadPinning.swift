import COpenBLAS
import Foundation

/// Pins threads to CPUs for measurement, and sets how many threads OpenBLAS uses (the engine's
/// oneDNN products follow the same count).
public enum ThreadPinning {
    /// Pins the calling thread to `cores`.
    public static func pinCurrentThread(to cores: [Int]) throws(MeasurementError) {
        let cpus = cores.map(Int32.init)
        let result = cpus.withUnsafeBufferPointer { hsconas_pin_current_thread($0.baseAddress, Int32($0.count)) }
        if result != 0 { throw .pinningFailed(cores: cores, code: result) }
    }

    /// Sets OpenBLAS to `threads` threads and pins all of them to `cores`.
    public static func configureBLAS(threads: Int, cores: [Int]) throws(MeasurementError) {
        openblas_set_num_threads(Int32(threads))
        let cpus = cores.map(Int32.init)
        let result = cpus.withUnsafeBufferPointer { hsconas_pin_blas_threads($0.baseAddress, Int32($0.count)) }
        if result != 0 { throw .pinningFailed(cores: cores, code: result) }
    }

    /// Confines every thread of process `pid` to `cores` (threads it starts later inherit that);
    /// keeps the CPUs a search measures on free of the search's other processes. Returns the
    /// threads confined; a thread that ended meanwhile is skipped.
    @discardableResult
    public static func confineProcess(_ pid: Int32, to cores: [Int]) throws(MeasurementError) -> Int {
        let cpus = cores.map(Int32.init)
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/task")) ?? []
        var confined = 0
        for task in tasks.compactMap(Int32.init) {
            let result = cpus.withUnsafeBufferPointer { hsconas_set_task_affinity(task, $0.baseAddress, Int32($0.count)) }
            if result == 0 {
                confined += 1
            } else if result != ESRCH {
                throw .pinningFailed(cores: cores, code: result)
            }
        }
        return confined
    }

    /// The CPUs `pid` may run on, from `/proc/<pid>/status` (`Cpus_allowed_list`); nil when unreadable.
    public static func allowedCPUs(of pid: Int32) -> [Int]? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Cpus_allowed_list:") })
        else { return nil }
        var cpus: [Int] = []
        for part in line.dropFirst("Cpus_allowed_list:".count).trimmingCharacters(in: .whitespaces).split(separator: ",") {
            let bounds = part.split(separator: "-").compactMap { Int($0) }
            guard let first = bounds.first, let last = bounds.last, first <= last else { return nil }
            cpus += Array(first...last)
        }
        return cpus
    }

    /// The CPU the calling thread is on now.
    public static var currentCPU: Int { Int(hsconas_current_cpu()) }

    /// OpenBLAS's version and build, e.g. `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64`.
    public static var blasVersion: String {
        guard let config = openblas_get_config() else { return "OpenBLAS" }
        return String(cString: config).trimmingCharacters(in: .whitespaces)
    }
}
