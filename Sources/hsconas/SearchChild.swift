import Foundation
import Runtimes
import Synchronization

/// An `hsconas search` started by a bench command, with its output collected line by line.
final class SearchChild: Sendable {
    private let process: Process
    private let lines = Mutex<[String]>([])
    private let partial = Mutex<String>("")

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
        // The reader holds this object until the pipe closes (end of the process), then lets go.
        PipeDrain.start(reading: pipe.fileHandleForReading, name: "search child output", chunk: { [self] in append($0) }, end: {})
    }

    private func append(_ chunk: Data) {
        let complete: [String] = partial.withLock { rest in
            rest += String(decoding: chunk, as: UTF8.self)
            var parts = rest.components(separatedBy: "\n")
            rest = parts.removeLast()
            return parts
        }
        lines.withLock { $0 += complete }
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var output: [String] { lines.withLock { $0 } }

    /// The first output line containing `text`, waiting up to `timeout`.
    func line(containing text: String, timeout: Duration = .seconds(60)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = output.first(where: { $0.contains(text) }) { return line }
            guard isRunning else { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw CommandFailure("search child: no line containing '\(text)'; output:\n\(output.suffix(20).joined(separator: "\n"))")
    }

    /// Waits for the process to end; returns its exit status.
    func exitStatus() async throws -> Int32 {
        while process.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        try await Task.sleep(for: .milliseconds(50))
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
