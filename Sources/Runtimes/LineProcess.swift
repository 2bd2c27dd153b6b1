import Foundation

/// A child process spoken to in lines: one request line on its stdin, one answer line on its
/// stdout. Blocking; callers use it from a dedicated thread, never from the cooperative pool.
///
/// Used by the ONNX Runtime helper and by user evaluators (`hsconas worker --evaluator command`),
/// so it survives a child that dies, hangs or floods its stdout: reads wait at most a deadline,
/// lines are capped, and writing to a dead child is an error, not a SIGPIPE that kills the worker.
public final class LineProcess {
    /// Why an exchange got no answer line.
    public enum Failure: Error, Equatable, Sendable {
        /// The child closed its stdout (it exited or crashed); its exit status if known.
        case exited(status: Int32?)
        /// No complete line before the deadline.
        case timedOut
        /// A line longer than the cap (the child is not speaking the protocol).
        case lineTooLong(bytes: Int)
    }

    /// The longest answer line accepted.
    public static let maximumLineBytes = 16 << 20

    /// The child process, running once `init` returns.
    public let process = Process()
    private let input = Pipe()
    private let output = Pipe()
    private var buffer: [UInt8] = []

    /// Starts `executable` with piped stdin and stdout (`environment` nil: ours); throws when it cannot
    /// start. Ignores SIGPIPE for the whole process.
    public init(
        executable: String, arguments: [String], standardError: FileHandle? = FileHandle.standardError,
        environment: [String: String]? = nil
    ) throws {
        // A child that died leaves a pipe with no reader; writing to it must fail, not kill us.
        signal(SIGPIPE, SIG_IGN)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = input
        process.standardOutput = output
        if let standardError { process.standardError = standardError }
        if let environment { process.environment = environment }
        try process.run()
    }

    /// Sends `line` and waits for the next answer line; nil when the process has exited.
    public func exchange(_ line: String) -> String? {
        guard send(line) else { return nil }
        return try? readLine(timeout: nil)
    }

    /// Writes `line` and a newline to the child's stdin; false when the child is gone.
    @discardableResult
    public func send(_ line: String) -> Bool {
        do {
            try input.fileHandleForWriting.write(contentsOf: Data((line + "\n").utf8))
            return true
        } catch {
            return false
        }
    }

    /// The next line the child prints (without its newline), waiting at most `timeout` (nil: for
    /// ever).
    public func readLine(timeout: Duration?) throws(Failure) -> String {
        let deadline = timeout.map { ContinuousClock.now + $0 }
        let descriptor = output.fileHandleForReading.fileDescriptor
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let answer = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return answer
            }
            guard buffer.count <= Self.maximumLineBytes else {
                let bytes = buffer.count
                buffer.removeAll()
                throw .lineTooLong(bytes: bytes)
            }
            var waitMs: Int32 = -1
            if let deadline {
                let left = deadline - ContinuousClock.now
                guard left > .zero else { throw .timedOut }
                let (seconds, attoseconds) = left.components
                waitMs = Int32(min(seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1, Int64(Int32.max)))
            }
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            let ready = poll(&poller, 1, waitMs)
            if ready < 0 {
                if errno == EINTR { continue }
                throw .exited(status: exitStatus())
            }
            if ready == 0 { continue }  // the deadline check above decides
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw .exited(status: exitStatus())
            }
            if count == 0 { throw .exited(status: exitStatus()) }
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    /// The child's exit status, waiting up to a second for a child that closed its stdout.
    private func exitStatus() -> Int32? {
        let deadline = ContinuousClock.now + .seconds(1)
        while process.isRunning, ContinuousClock.now < deadline { usleep(5_000) }
        return process.isRunning ? nil : process.terminationStatus
    }

    /// Closes stdin (a polite child exits on end of input) and terminates the child if it does
    /// not exit within `grace`; then waits for it.
    public func terminate(grace: Duration = .zero) {
        try? input.fileHandleForWriting.close()
        if grace > .zero {
            let deadline = ContinuousClock.now + grace
            while process.isRunning, ContinuousClock.now < deadline { usleep(5_000) }
        }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }

    /// Kills the child at once (SIGKILL: a hung child may ignore SIGTERM) and waits for it.
    public func kill() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { Foundation.kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}
