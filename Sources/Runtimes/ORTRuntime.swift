import Foundation
import Measurement
import ONNXExport
import SearchSpace

/// ONNX Runtime, timed by a long-lived Python helper (`ort_helper.py`, pip's onnxruntime) that
/// speaks JSON lines over stdin/stdout and measures with the same pinning and statistics as the
/// native harness. Each network is exported to ONNX with the same weights the engine would use.
public final class ORTRuntime: LatencyRuntime, @unchecked Sendable {
    // All helper I/O happens on `thread`, one request at a time; `helper` is touched only there.
    /// Always `onnxruntime`.
    public let name = "onnxruntime"
    /// Seed of the random weights in each exported model; latency does not depend on their values.
    public let weightSeed: UInt64
    private let python: String
    private let thread = PinnedThread(cores: Array(0..<CPUInfo.onlineCPUs), name: "hsconas-ort-io")
    private var helper: LineProcess?
    private var requestID = 0
    private let directory: URL

    /// The helper script shipped with hsconas.
    public static var helperScript: URL? {
        if let override = ProcessInfo.processInfo.environment["HSCONAS_ORT_HELPER"] { return URL(fileURLWithPath: override) }
        return Bundle.module.url(forResource: "ort_helper", withExtension: "py", subdirectory: "Resources")
    }

    /// Creates a private temporary directory for models; the helper starts with `python` on the first request.
    public init(python: String = "python3", weightSeed: UInt64 = 1) throws {
        self.python = python
        self.weightSeed = weightSeed
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hsconas-ort-\(getpid())-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    }

    /// `onnxruntime 1.x.y`; starts the helper, so a missing onnxruntime shows up here.
    public func version() async throws -> String {
        let answer = try await request(["op": "version"])
        return answer["version"] as? String ?? "onnxruntime"
    }

    /// Exports `graph` to ONNX and has the helper time it with `settings`; throws the helper's error,
    /// or when the helper cannot start or answers without statistics.
    public func measure(graph: NetworkGraph, settings: MeasurementSettings) async throws -> LatencyMeasurement {
        try settings.validate()
        let model = directory.appendingPathComponent("model-\(UUID().uuidString.prefix(8)).onnx")
        try ONNXExporter.write(
            graph: graph, weights: NetworkWeights(graph: graph, seed: weightSeed), batch: settings.batch, to: model)
        defer { try? FileManager.default.removeItem(at: model) }
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(settings))
        let answer = try await request(["op": "measure", "model": model.path, "seed": Int(weightSeed), "settings": encoded])
        guard let statistics = answer["statistics"], let attempts = answer["attempts"] as? Int else {
            throw MeasurementError.runtimeFailed(runtime: name, reason: "the helper's answer has no statistics")
        }
        let decoded = try JSONDecoder().decode(LatencyStatistics.self, from: JSONSerialization.data(withJSONObject: statistics))
        return LatencyMeasurement(
            statistics: decoded, attempts: attempts,
            environment: MeasurementEnvironment(
                cores: settings.cores, threads: settings.threads, batch: settings.batch, runtime: name,
                runtimeVersion: answer["version"] as? String ?? "onnxruntime"))
    }

    /// Runs the ONNX model at `model` once on `input` (NCHW, batch-major) and returns its output.
    public func run(model: URL, input: [Float]) async throws -> [Float] {
        let inputFile = directory.appendingPathComponent("input-\(UUID().uuidString.prefix(8)).f32")
        let outputFile = directory.appendingPathComponent("output-\(UUID().uuidString.prefix(8)).f32")
        defer {
            try? FileManager.default.removeItem(at: inputFile)
            try? FileManager.default.removeItem(at: outputFile)
        }
        try input.withUnsafeBytes { Data($0) }.write(to: inputFile)
        _ = try await request(["op": "run", "model": model.path, "input": inputFile.path, "output": outputFile.path])
        let data = try Data(contentsOf: outputFile)
        return data.withUnsafeBytes { Array($0.bindMemory(to: Float.self)) }
    }

    private func request(_ body: [String: Any]) async throws -> [String: Any] {
        let line = String(decoding: try JSONSerialization.data(withJSONObject: body), as: UTF8.self)
        let answer = try await thread.run { [self] in try exchange(line) }
        guard let object = try JSONSerialization.jsonObject(with: Data(answer.utf8)) as? [String: Any] else {
            throw MeasurementError.runtimeFailed(runtime: name, reason: "the helper answered '\(answer.prefix(200))'")
        }
        guard object["ok"] as? Bool == true else {
            throw MeasurementError.runtimeFailed(runtime: name, reason: object["error"] as? String ?? "the helper failed")
        }
        return object
    }

    /// On the I/O thread: send one line with a fresh id, restarting the helper if it died.
    private func exchange(_ line: String) throws -> String {
        if helper == nil || helper?.process.isRunning == false {
            guard let script = Self.helperScript else {
                throw MeasurementError.runtimeFailed(runtime: name, reason: "ort_helper.py is missing from the installation")
            }
            do {
                helper = try LineProcess(executable: "/usr/bin/env", arguments: [python, script.path])
            } catch {
                throw MeasurementError.runtimeFailed(runtime: name, reason: "cannot start \(python) \(script.path): \(error)")
            }
        }
        requestID += 1
        let tagged = "{\"id\":\(requestID)," + line.dropFirst()
        guard let answer = helper?.exchange(tagged) else {
            helper?.terminate()
            helper = nil
            throw MeasurementError.runtimeFailed(runtime: name, reason: "the helper exited (is '\(python)' with onnxruntime installed?)")
        }
        return answer
    }

    /// Ends the helper and the I/O thread and removes the temporary directory.
    public func shutdown() async {
        _ = try? await thread.run { [self] in
            helper?.terminate()
            helper = nil
        }
        thread.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
