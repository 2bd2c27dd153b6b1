import Foundation
import Measurement
import ONNXExport
import SearchSpace

/// The user's own benchmark tool (TFLite `benchmark_model`, `trtexec`, a vendor SDK): each
/// network is exported to ONNX, the command template is run with `{model}` (and `{threads}`,
/// `{batch}`, `{cores}`) filled in, pinned to the measurement's cores, and the latency is the
/// first capture group of `pattern` in its output. A tool that fails, times out or prints no
/// figure is an error carrying its output, never a made-up number.
public final class CommandRuntime: LatencyRuntime {
    /// Always `command`.
    public let name = "command"
    /// The tool repeats runs its own way; it is run once per measurement.
    public let timesByMethod = false
    /// The tool's command line, run by /bin/sh, with `{model}` and optionally `{threads}`, `{batch}`, `{cores}`.
    public let template: String
    /// Regular expression whose first capture group is the figure in the tool's stdout or stderr.
    public let pattern: String
    /// Multiplies the captured figure into milliseconds (1000 when the tool prints seconds).
    public let scale: Double
    /// How long one run of the tool may take before it is terminated, then killed (600 s by default).
    public let timeout: Duration
    /// Seed of the random weights in each exported model; latency does not depend on their values.
    public let weightSeed: UInt64
    private let expression: NSRegularExpression
    private let thread: PinnedThread

    /// Checks `template` has `{model}`, `pattern` a capture group and `scale` is positive, naming what is wrong;
    /// starts the launching thread pinned to `cores`.
    public init(
        template: String, pattern: String, scale: Double = 1, timeout: Duration = .seconds(600), weightSeed: UInt64 = 1,
        cores: [Int] = MeasurementSettings.defaultCores(threads: 1)
    ) throws(MeasurementError) {
        guard template.contains("{model}") else {
            throw .invalidSetting(field: "command", value: template, expected: "a command line containing {model}")
        }
        let expression: NSRegularExpression
        do {
            expression = try NSRegularExpression(pattern: pattern)
        } catch {
            throw .invalidSetting(field: "pattern", value: pattern, expected: "a regular expression")
        }
        guard expression.numberOfCaptureGroups >= 1 else {
            throw .invalidSetting(field: "pattern", value: pattern, expected: "a regular expression with a capture group around the figure")
        }
        guard scale > 0, scale.isFinite else {
            throw .invalidSetting(field: "scale", value: "\(scale)", expected: "a positive number")
        }
        self.template = template
        self.pattern = pattern
        self.scale = scale
        self.timeout = timeout
        self.weightSeed = weightSeed
        self.expression = expression
        thread = PinnedThread(cores: cores, name: "hsconas-command")
    }

    /// Exports `graph` to ONNX and runs the tool once, pinned to `settings.cores`: one sample, one attempt.
    /// Throws, with the tool's output, when it fails, times out or prints no positive figure.
    public func measure(graph: NetworkGraph, settings: MeasurementSettings) async throws -> LatencyMeasurement {
        try settings.validate()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("hsconas-command-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let model = directory.appendingPathComponent("model.onnx")
        try ONNXExporter.write(graph: graph, weights: NetworkWeights(graph: graph, seed: weightSeed), batch: settings.batch, to: model)
        let command = template
            .replacingOccurrences(of: "{model}", with: Self.quoted(model.path))
            .replacingOccurrences(of: "{threads}", with: "\(settings.threads)")
            .replacingOccurrences(of: "{batch}", with: "\(settings.batch)")
            .replacingOccurrences(of: "{cores}", with: settings.cores.map(String.init).joined(separator: ","))
        let timeout = self.timeout
        let (status, output, errors) = try await thread.run {
            try ThreadPinning.pinCurrentThread(to: settings.cores)  // the tool inherits this thread's CPUs
            return try Self.execute(command, in: directory, timeout: timeout)
        }
        guard status == 0 else {
            throw MeasurementError.runtimeFailed(
                runtime: name, reason: "'\(command)' exited with status \(status): \(Self.tail(errors.isEmpty ? output : errors))")
        }
        let text = output + "\n" + errors
        guard let match = expression.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
            let range = Range(match.range(at: 1), in: text)
        else {
            throw MeasurementError.runtimeFailed(
                runtime: name, reason: "'\(command)' printed no figure matching /\(pattern)/: \(Self.tail(text))")
        }
        guard let figure = Double(text[range].trimmingCharacters(in: .whitespaces)), figure.isFinite, figure > 0 else {
            throw MeasurementError.runtimeFailed(runtime: name, reason: "'\(text[range])' matched /\(pattern)/ but is not a positive number")
        }
        let milliseconds = figure * scale
        return LatencyMeasurement(
            statistics: LatencyStatistics(milliseconds: [milliseconds]), attempts: 1,
            environment: MeasurementEnvironment(
                cores: settings.cores, threads: settings.threads, batch: settings.batch, runtime: name,
                runtimeVersion: "command: \(template)"))
    }

    /// Stops the pinned thread that launches the tool.
    public func shutdown() async {
        thread.stop()
    }

    /// Runs `command` with /bin/sh; stdout and stderr go to files (a chatty tool cannot block on
    /// a full pipe). A command past `timeout` is terminated, then killed.
    private static func execute(_ command: String, in directory: URL, timeout: Duration) throws -> (Int32, String, String) {
        let outputURL = directory.appendingPathComponent("stdout.txt")
        let errorURL = directory.appendingPathComponent("stderr.txt")
        guard FileManager.default.createFile(atPath: outputURL.path, contents: nil),
            FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        else {
            throw MeasurementError.runtimeFailed(runtime: "command", reason: "cannot create output files in \(directory.path)")
        }
        let output = try FileHandle(forWritingTo: outputURL)
        let errors = try FileHandle(forWritingTo: errorURL)
        defer {
            try? output.close()
            try? errors.close()
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = directory
        process.standardOutput = output
        process.standardError = errors
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < deadline { usleep(5_000) }
        if process.isRunning {
            process.terminate()
            let grace = ContinuousClock.now + .seconds(2)
            while process.isRunning && ContinuousClock.now < grace { usleep(5_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            throw MeasurementError.runtimeFailed(runtime: "command", reason: "'\(command)' ran longer than \(timeout) and was stopped")
        }
        process.waitUntilExit()
        let read = { (url: URL) in (try? String(contentsOf: url, encoding: .utf8)) ?? "" }
        return (process.terminationStatus, read(outputURL), read(errorURL))
    }

    private static func quoted(_ path: String) -> String {
        "'" + path.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func tail(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.count > 400 ? "…" + trimmed.suffix(400) : (trimmed.isEmpty ? "(no output)" : trimmed)
    }
}
