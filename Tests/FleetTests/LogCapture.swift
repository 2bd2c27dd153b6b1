import Logging
import Synchronization
import TestSupport

/// Collects a logger's lines in memory, so a test can assert what was logged (and with which
/// metadata). Each test makes its own; nothing global is bootstrapped.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    /// A logger writing into this capture at `level` and above.
    func logger(label: String = "test", level: Logger.Level = .info) -> Logger {
        var logger = Logger(label: label) { _ in
            LineLogHandler { lineLevel, message, metadata in
                let fields = metadata.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
                self.append("\(lineLevel) \(message) \(fields)")
            }
        }
        logger.logLevel = level
        return logger
    }

    var all: [String] { lines.withLock { $0 } }

    func append(_ line: String) {
        lines.withLock { $0.append(line) }
    }

    /// Waits until a line contains every one of `parts`; returns it, or `nil` after `timeout`.
    func waitForLine(containing parts: [String], timeout: Duration = .seconds(20)) async throws -> String? {
        let deadline = ContinuousClock.now + timeout
        let match = { self.all.first(where: { line in parts.allSatisfy { line.contains($0) } }) }
        while ContinuousClock.now < deadline {
            if let line = match() { return line }
            try await Task.sleep(for: .milliseconds(20))
        }
        // One last look: on a starved test pool the sleep itself may outlast the deadline.
        return match()
    }
}
