import Logging
import Synchronization
import TestSupport

/// The level and message of every line a logger wrote, kept in memory for one test.
final class LoggedLines: Sendable {
    private let lines = Mutex<[(level: Logger.Level, message: String)]>([])

    /// A logger that writes here, from `trace` up.
    func logger() -> Logger {
        var logger = Logger(label: "live-test") { _ in
            LineLogHandler { level, message, _ in self.lines.withLock { $0.append((level, message)) } }
        }
        logger.logLevel = .trace
        return logger
    }

    /// The messages logged at `level` or above.
    func messages(from level: Logger.Level) -> [String] {
        lines.withLock { $0.filter { $0.level >= level }.map(\.message) }
    }
}
