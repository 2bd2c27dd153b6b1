import COpenBLAS
import Foundation

/// Pins threads to CPUs for measurement, and sets how many threads OpenBLAS uses.
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

    /// The CPU the calling thread is on now.
    public static var currentCPU: Int { Int(hsconas_current_cpu()) }

    /// OpenBLAS's version and build, e.g. `OpenBLAS 0.3.21 DYNAMIC_ARCH NO_AFFINITY Zen MAX_THREADS=64`.
    public static var blasVersion: String {
        guard let config = openblas_get_config() else { return "OpenBLAS" }
        return String(cString: config).trimmingCharacters(in: .whitespaces)
    }
}
