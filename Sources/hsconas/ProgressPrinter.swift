import Foundation
import Orchestrator

/// Prints the live progress line: rewritten in place on a terminal, a line at most every
/// few seconds otherwise (logs, CI).
final class ProgressPrinter {
    private let isTerminal = isatty(STDOUT_FILENO) == 1
    private var lastPrinted: ContinuousClock.Instant?
    private var pendingLine: String?
    private let quiet: Bool

    init(quiet: Bool) {
        self.quiet = quiet
    }

    func update(_ progress: SearchProgress) {
        update(line: progress.line)
    }

    func update(line: String) {
        guard !quiet else { return }
        let now = ContinuousClock.now
        let interval: Duration = isTerminal ? .milliseconds(100) : .seconds(2)
        pendingLine = line
        guard lastPrinted.map({ now - $0 >= interval }) ?? true else { return }
        flush()
        lastPrinted = now
    }

    /// Prints the last line not yet shown and ends the in-place line.
    func finish() {
        guard !quiet else { return }
        flush()
        if isTerminal { Console.line("") }
    }

    private func flush() {
        guard let line = pendingLine else { return }
        pendingLine = nil
        if isTerminal {
            Console.write("\r\u{1B}[2K" + line)
        } else {
            Console.line(line)
        }
    }
}
