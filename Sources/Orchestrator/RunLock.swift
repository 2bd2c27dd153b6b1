import Foundation
import Store

/// An exclusive `flock` on `RUN_FOLDER/run.lock`, held while a process runs the search: a second
/// process (a `--resume` of a run that is still going) is refused instead of writing the same
/// store. The kernel drops the lock when its holder dies, SIGKILL included, so a killed run is
/// resumable at once.
public final class RunLock: Sendable {
    private let descriptor: Int32
    /// The lock file, `run.lock` in the run folder; it holds the holder's pid.
    public let path: String

    /// Takes the lock of the run in `directory`, or throws naming the holder.
    public init(directory: URL) throws(StoreError) {
        path = directory.appendingPathComponent("run.lock").path
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw StoreError(path: path, message: "cannot open the run lock: \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines)
            close(descriptor)
            throw StoreError(
                path: directory.appendingPathComponent("run.sqlite").path,
                message: "the run is in use by another process (pid \(holder.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown")); "
                    + "stop it first, or let it finish")
        }
        // Who holds it, for the message above.
        _ = ftruncate(descriptor, 0)
        let pid = "\(getpid())\n"
        _ = pid.withCString { write(descriptor, $0, strlen($0)) }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
