import Foundation

/// An advisory `flock` on one file per host, held around each timed measurement, so measuring
/// workers on the same machine (say the CPU at 1 thread and at 2 threads, each its own worker)
/// take turns instead of timing each other's load.
///
/// Every process that opens the same path shares the lock; it is released when the measurement
/// ends or the process dies (the kernel drops `flock` locks with the descriptor), so a killed
/// worker never leaves the host locked. The path is `HSCONAS_MEASURE_LOCK` when set
/// (`none` turns the lock off), else `/tmp/hsconas-measure.lock`.
public struct HostMeasurementLock: Sendable, Hashable {
    /// The lock file.
    public let path: String

    /// The environment variable naming the lock file (`none`: no lock).
    public static let environmentVariable = "HSCONAS_MEASURE_LOCK"
    /// The lock file when the environment names none.
    public static let defaultPath = "/tmp/hsconas-measure.lock"

    /// A lock on the file at `path`; nothing is opened until ``withLock(_:)``.
    public init(path: String) {
        self.path = path
    }

    /// The lock this process's environment asks for; nil when it says `none`.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Self? {
        let configured = environment[environmentVariable]?.trimmingCharacters(in: .whitespaces) ?? ""
        if configured == "none" { return nil }
        return Self(path: configured.isEmpty ? defaultPath : configured)
    }

    /// When a measurement held the lock: how long it waited for it, and the wall-clock interval
    /// it held it (seconds since 1970), for the measurement's environment.
    public struct Tenure: Sendable, Hashable {
        /// Seconds from asking for the lock to holding it.
        public var waitedSeconds: Double
        /// When the lock was taken (seconds since 1970).
        public var acquiredAt: Double
        /// When the measurement ended and the lock was let go (seconds since 1970).
        public var releasedAt: Double
    }

    /// Runs `body` while holding the lock, blocking the calling thread until it is free. Call it
    /// from a thread that may block (a worker's job thread), never from the cooperative pool.
    public func withLock<Value>(_ body: () throws -> Value) throws -> (Value, Tenure) {
        let asked = Date().timeIntervalSince1970
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o666)
        guard descriptor >= 0 else {
            throw MeasurementError.runtimeFailed(
                runtime: "host lock", reason: "cannot open \(path): \(String(cString: strerror(errno))) "
                    + "(set \(Self.environmentVariable) to another file, or to 'none')")
        }
        defer { close(descriptor) }
        // Other users' workers on the same host share the file.
        _ = fchmod(descriptor, 0o666)
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                throw MeasurementError.runtimeFailed(
                    runtime: "host lock", reason: "cannot lock \(path): \(String(cString: strerror(errno)))")
            }
        }
        let acquired = Date().timeIntervalSince1970
        defer { flock(descriptor, LOCK_UN) }
        let value = try body()
        let released = Date().timeIntervalSince1970
        return (value, Tenure(waitedSeconds: acquired - asked, acquiredAt: acquired, releasedAt: released))
    }
}
