import Foundation
import Runtimes
import Synchronization
import TestSupport

/// A real `hsconas` process started by a test, with its output captured line by line.
///
/// Each child measures under a host measurement lock of its own (`HSCONAS_MEASURE_LOCK`, unless the
/// test names one): the workers of one search still take turns, but tests running side by side
/// do not wait on each other's measurements, nor on a developer's `make run` on the same machine.
final class ChildProcess: Sendable {
    let process: Process
    private let lines = LineBuffer()
    private let name: String

    /// The `hsconas` binary built next to the test bundle.
    static var executable: URL {
        URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("hsconas")
    }

    /// Folders whose files show the child's progress (its `--output`, or the run folder of `--resume`).
    private let watched: [URL]
    private let progress: Mutex<(signature: [Double], since: ContinuousClock.Instant, checked: ContinuousClock.Instant)>

    /// Starts `executable` (the `hsconas` binary unless another program is named) with `arguments`.
    init(
        _ arguments: [String], name: String, executable: URL = ChildProcess.executable, environment: [String: String] = [:]
    ) throws {
        self.name = name
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        var inherited = ProcessInfo.processInfo.environment
        inherited[Self.lockVariable] = TestFolder.root.appendingPathComponent("measure-\(UUID().uuidString).lock").path
        // Whatever a child writes to its temporary folder (evaluator logs, ONNX Runtime files) goes with the test's.
        inherited["TMPDIR"] = TestFolder.root.path
        process.environment = inherited.merging(environment) { $1 }
        watched = Self.progressFolders(in: arguments)
        progress = Mutex(([], .now, .now - .seconds(1)))
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        process.standardInput = FileHandle.nullDevice
        self.process = process
        let lines = self.lines
        let buffer = LineBuffer()
        try process.run()
        // A blocking reader, not `readabilityHandler`: see PipeDrain for the crash that avoids.
        PipeDrain.start(
            reading: pipe.fileHandleForReading, name: "\(name) output",
            chunk: { lines.append(buffer.split($0)) }, end: { lines.close(with: buffer) })
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
    ///
    /// The limit is on a stall, not on the whole run: the wait fails when the child printed no line
    /// and wrote nothing under its output folder for `idle` (a hung search stores nothing), so a
    /// child that is slow because the machine is busy (other tests, a build) is not cut off while
    /// it keeps working. `ceiling` bounds the whole wait all the same.
    func waitForExit(idle: Duration = .seconds(120), ceiling: Duration = .seconds(1800)) async throws -> Int32 {
        let started = ContinuousClock.now
        while process.isRunning {
            let stalled = timeWithoutProgress()
            let elapsed = ContinuousClock.now - started
            guard stalled < idle, elapsed < ceiling else {
                kill(pid, SIGKILL)
                let why = elapsed >= ceiling ? "did not exit within \(ceiling)" : "made no progress for \(idle)"
                throw TestFailure("\(name) \(why) (\(output.count) lines printed); output:\n\(output.joined(separator: "\n"))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        // Let the pipe drain so the last lines are in `output`: until its end of file, which a busy
        // machine may deliver well after the exit (a grandchild holding the pipe open never does).
        let drained = ContinuousClock.now + .seconds(10)
        while !lines.isClosed, ContinuousClock.now < drained {
            try await Task.sleep(for: .milliseconds(10))
        }
        return process.terminationStatus
    }

    /// The environment variable naming the host measurement lock file.
    static let lockVariable = "HSCONAS_MEASURE_LOCK"

    /// How long the child has shown no sign of work (see ``progressSignature()``), looked at no
    /// more than once a second.
    func timeWithoutProgress() -> Duration {
        let now = ContinuousClock.now
        let due = progress.withLock { now - $0.checked >= .seconds(1) }
        let signature = due ? progressSignature() : nil
        return progress.withLock { state in
            if let signature {
                state.checked = now
                if signature != state.signature {
                    state.signature = signature
                    state.since = now
                }
            }
            return now - state.since
        }
    }

    /// What changes while the child works: its line count, the sizes and modification times of
    /// the files under its watched folders, and — for a command that writes nowhere, such as a
    /// measurement — the CPU time it has used.
    private func progressSignature() -> [Double] {
        var signature = [Double(output.count)]
        if watched.isEmpty { signature.append(cpuSeconds()) }
        for folder in watched {
            guard let files = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.fileSizeKey, .contentModificationDateKey])
            else { continue }
            var bytes = 0.0
            var latest = 0.0
            for case let file as URL in files {
                let values = try? file.resourceValues(forKeys: [.fileSizeKey, .contentModificationDateKey])
                bytes += Double(values?.fileSize ?? 0)
                latest = max(latest, values?.contentModificationDate?.timeIntervalSince1970 ?? 0)
            }
            signature += [bytes, latest]
        }
        return signature
    }

    /// User plus system CPU time of the child, in clock ticks (0 once it is gone).
    private func cpuSeconds() -> Double {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return 0 }
        // Fields after the command name: state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return 0 }
        return user + system
    }

    /// The folders an `hsconas` command line writes its progress to.
    private static func progressFolders(in arguments: [String]) -> [URL] {
        var folders: [URL] = []
        for (index, argument) in arguments.enumerated().dropLast() {
            switch argument {
            case "--output": folders.append(URL(fileURLWithPath: arguments[index + 1]))
            case "--store", "--resume": folders.append(URL(fileURLWithPath: arguments[index + 1]).deletingLastPathComponent())
            default: continue
            }
        }
        return folders
    }

    func signal(_ signal: Int32) {
        kill(pid, signal)
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }
}
