import Foundation

/// A child process spoken to in lines: one request line on its stdin, one answer line on its
/// stdout. Blocking; callers use it from a dedicated thread, never from the cooperative pool.
final class LineProcess {
    let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer: [UInt8] = []

    init(executable: String, arguments: [String], standardError: FileHandle? = FileHandle.standardError) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        if let standardError { process.standardError = standardError }
        try process.run()
    }

    /// Sends `line` and waits for the next answer line; nil when the process has exited.
    func exchange(_ line: String) -> String? {
        do {
            try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
        } catch {
            return nil
        }
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let answer = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return answer
            }
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { return nil }
            buffer.append(contentsOf: chunk)
        }
    }

    func terminate() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
