import Foundation

/// A real `hsconas` process started by a test, with its output captured line by line.
final class ChildProcess: Sendable {
    let process: Process
    private let lines = LineBuffer()
    private let name: String

    /// The `hsconas` binary built next to the test bundle.
    static var executable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("hsconas")
    }

    /// Starts `executable` (the `hsconas` binary unless another program is named) with `arguments`.
    init(_ arguments: [String], name: String, executable: URL = ChildProcess.executable) throws {
        self.name = name
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        self.process = process
        let lines = self.lines
        let buffer = LineBuffer()
        pipe.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            guard !chunk.isEmpty else {
                handle.readabilityHandler = nil
                return
            }
            lines.append(buffer.split(chunk))
        }
        try process.run()
    }

    var output: [String] { lines.all }
    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }

    /// Waits for an output line containing `text`, returning it.
    func waitForLine(containing text: String, timeout: Duration = .seconds(60)) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = output.first(where: { $0.contains(text) }) { return line }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw TestFailure("\(name): no line containing '\(text)' within \(timeout); output:\n\(output.joined(separator: "\n"))")
    }

    /// Waits for the process to exit and returns its status.
    func waitForExit(timeout: Duration = .seconds(120)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        while process.isRunning {
            guard ContinuousClock.now < deadline else {
                kill(pid, SIGKILL)
                throw TestFailure("\(name) did not exit within \(timeout); output:\n\(output.joined(separator: "\n"))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        // Let the pipe drain so the last lines are in `output`.
        try await Task.sleep(for: .milliseconds(50))
        return process.terminationStatus
    }

    func signal(_ signal: Int32) {
        kill(pid, signal)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
