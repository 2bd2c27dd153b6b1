import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Fresh folders for tests, all under one folder per test process that is removed when the
/// process exits, so a suite run leaves nothing in the system's temporary folder (it left ~300
/// folders and ~0.6 GB per run before). The folders of a test process that died without exiting
/// (a crash, SIGKILL) are removed by the next one. Set `HSCONAS_KEEP_TEST_FILES=1` to keep them.
public enum TestFolder {
    /// `<tmp>/hsconas-tests-<pid>`, made (and its clean-up registered) on first use.
    public static let root: URL = {
        let temporary = FileManager.default.temporaryDirectory
        removeFoldersOfDeadProcesses(in: temporary)
        let root = temporary.appendingPathComponent("\(prefix)\(getpid())")
        try? FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        if ProcessInfo.processInfo.environment["HSCONAS_KEEP_TEST_FILES"] != "1" {
            atexit { try? FileManager.default.removeItem(at: TestFolder.root) }
        }
        return root
    }()

    private static let prefix = "hsconas-tests-"

    /// A new, empty folder named after `label`.
    public static func make(_ label: String) throws -> URL {
        let url = root.appendingPathComponent("\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// A path named `file` in a new folder that does not exist yet (for code that makes it).
    public static func path(_ label: String, file: String) -> String {
        root.appendingPathComponent("\(label)-\(UUID().uuidString)").appendingPathComponent(file).path
    }

    /// Removes `hsconas-tests-<pid>` folders whose process no longer runs.
    private static func removeFoldersOfDeadProcesses(in temporary: URL) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: temporary.path)) ?? []
        for name in names where name.hasPrefix(prefix) {
            guard let pid = pid_t(name.dropFirst(prefix.count)), kill(pid, 0) == -1, errno == ESRCH else { continue }
            try? FileManager.default.removeItem(at: temporary.appendingPathComponent(name))
        }
    }
}
