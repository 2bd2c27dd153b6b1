import Foundation
import Runtimes
import Synchronization

/// An `hsconas search` started by a bench command, with its output collected line by line.
final class SearchChild: Sendable {
    private let process: Process
    private let read = ReadOutput()

    /// What the reader thread has read so far; the reader holds this, not the child, so dropping the
    /// child still kills a running process.
    private final class ReadOutput: Sendable {
        let lines = Mutex<[String]>([])
        let partial = Mutex<String>("")
        /// True once the reader saw the end of the child's output.
        let ended = Mutex(false)
    }

    init(arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        self.process = process
        try process.run()
        let read = self.read
        PipeDrain.start(
            reading: pipe.fileHandleForReading, name: "search child output",
            chunk: { chunk in
                let complete: [String] = read.partial.withLock { rest in
                    rest += String(decoding: chunk, as: UTF8.self)
                    var parts = rest.components(separatedBy: "\n")
                    rest = parts.removeLast()
                    return parts
                }
                read.lines.withLock { $0 += complete }
            },
            end: {
                // A last line without a newline still counts.
                let rest = read.partial.withLock { rest in defer { rest = "" }; return rest }
                if !rest.isEmpty { read.lines.withLock { $0.append(rest) } }
                read.ended.withLock { $0 = true }
            })
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var output: [String] { read.lines.withLock { $0 } }

    /// The first output line containing `text`, waiting up to `timeout`.
    func line(containing text: String, timeout: Duration = .seconds(60)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = output.first(where: { $0.contains(text) }) { return line }
            guard isRunning || !read.ended.withLock({ $0 }) else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CommandFailure("search child: no line containing '\(text)'; output:\n\(output.suffix(20).joined(separator: "\n"))")
    }

    /// Waits for the process to end and its output to be read to the end (at most 10 s more: a
    /// grandchild may hold the pipe open); returns its exit status.
    func exitStatus() async throws -> Int32 {
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        let drained = ContinuousClock.now + .seconds(10)
        while !read.ended.withLock({ $0 }), ContinuousClock.now < drained { try await Task.sleep(for: .milliseconds(10)) }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
