import Fleet
import Foundation
import Logging
import Measurement
import Orchestrator
import SearchSpace
import ZeroMQ

/// `hsconas bench thin-worker`: the thin worker's ONNX Runtime figures against the Swift worker's
/// `--runtime onnxruntime` on the same random spos networks, both as real worker processes behind
/// one coordinator, pinned to the same CPUs with the same method, and measured interleaved (network
/// by network, alternating which goes first) so both see the same machine state.
public enum ThinWorkerBenchmark {
    /// One network: the median over repetitions of each worker's median latency, and the
    /// coefficient of variation of those medians across repetitions.
    public struct Row: Sendable, Codable {
        /// The spos architecture in the space's text form (`block:ratio` per layer, joined by `-`).
        public var architecture: String
        /// Multiply-accumulates per sample, in millions (0 when the graph cannot be built).
        public var megaMACs: Double
        /// The Swift worker's ONNX Runtime latency (ms).
        public var swift: Double
        /// The thin worker's latency (ms).
        public var thin: Double
        /// Coefficient of variation of the Swift worker's medians across repetitions (0 with one repetition).
        public var swiftCV: Double
        /// Coefficient of variation of the thin worker's medians across repetitions (0 with one repetition).
        public var thinCV: Double
        /// Thin latency over Swift latency: below 1 when the thin worker measures faster.
        public var ratio: Double { thin / swift }
    }

    /// What `hsconas bench thin-worker` reports: the per-network rows, how the two workers agree, and the machine.
    public struct Summary: Sendable, Codable {
        /// One row per network, in the order drawn.
        public var rows: [Row]
        /// Median of thin / Swift over the networks.
        public var medianRatio: Double
        /// Kendall's tau between the two workers' latencies over the networks: how alike they rank them.
        public var kendallTau: Double
        /// The median over networks of the Swift worker's coefficient of variation.
        public var medianSwiftCV: Double
        /// The median over networks of the thin worker's coefficient of variation.
        public var medianThinCV: Double
        /// The `runtime_version` the Swift worker's results report (`?` when none).
        public var swiftVersion: String
        /// The `runtime_version` the thin worker's results report (`?` when none).
        public var thinVersion: String
        /// The CPU model from the results' `cpu` environment, else this machine's.
        public var cpuModel: String
        /// The CPUs both workers were pinned to.
        public var cores: [Int]
        /// `/proc/loadavg`'s first three fields before and after.
        public var loadBefore: String
        /// `/proc/loadavg`'s first three fields after the run.
        public var loadAfter: String
    }

    static let swiftDevice = "bench-swift-ort"
    static let thinDevice = "bench-thin-ort"

    /// Measures `networks` random spos architectures drawn from `seed`, `repetitions` times each on
    /// both workers. `thinWorker` is the thin worker's command line (e.g. `hsconas-worker`).
    public static func run(
        networks: Int, seed: UInt64, repetitions: Int, measurement: MeasurementConfig, cores: [Int], thinWorker: [String],
        logDirectory: URL, logger: Logger, progress: @Sendable (String) -> Void
    ) async throws -> Summary {
        let space = SPOSSpace()
        let architectures = architectures(count: networks, seed: seed, in: space)
        let loadBefore = loadAverage()
        let coordinator = try FleetCoordinator(
            context: try ZMQContext(), bind: "tcp://127.0.0.1:*",
            settings: CoordinatorSettings(coordinatorID: "hsconas-bench-thin-worker"), logger: logger, models: ONNXModelShipper())
        let thin = Process()
        defer {
            if thin.isRunning { thin.terminate() }
        }
        do {
            return try await LocalFleet.run(coordinator: coordinator, logger: logger) { swiftWorker in
                var events = coordinator.events.makeAsyncIterator()
                try swiftWorker.start(
                    [
                        LocalWorkerSpec(
                            name: swiftDevice, device: swiftDevice, kinds: ["latency"], capacity: 1, runtime: .onnxruntime, cores: cores)
                    ], executable: LocalWorkerProcesses.currentExecutable(), coordinator: coordinator.endpoint, heartbeatMs: 1000,
                    simulatedDelayMs: 0, measurement: measurement, logDirectory: logDirectory)
                // A thin worker that exits (a bad flag, a missing runtime) ends the benchmark rather than
                // leaving it waiting for a worker that is gone: the coordinator's events stop.
                thin.terminationHandler = { _ in Task { await coordinator.shutdown() } }
                try launch(
                    thin, command: thinWorker,
                    arguments: [
                        "--coordinator", coordinator.endpoint, "--device", thinDevice, "--runtime", "onnxruntime", "--id", thinDevice,
                        "--threads", "1", "--cores", cores.map(String.init).joined(separator: ","),
                    ] + measurement.workerArguments, log: logDirectory.appendingPathComponent("\(thinDevice).log"))
                var joined: Set<String> = []
                while joined.count < 2 {
                    guard let event = await events.next() else { throw FleetError("the coordinator stopped before both workers joined") }
                    if case .workerJoined(let hello) = event { joined.insert(hello.device) }
                }
                progress("both workers joined; measuring \(networks) networks × \(repetitions) repetitions on cores \(cores)")
                var times: [String: [[Double]]] = [swiftDevice: Array(repeating: [], count: networks), thinDevice: Array(repeating: [], count: networks)]
                var versions: [String: String] = [:]
                var cpuModel = CPUInfo.model
                for repetition in 1...repetitions {
                    for (index, architecture) in architectures.enumerated() {
                        let order = (repetition + index) % 2 == 0 ? [swiftDevice, thinDevice] : [thinDevice, swiftDevice]
                        var line: [String] = []
                        for device in order {
                            let jobID = "r\(repetition)-n\(index)-\(device)"
                            coordinator.submit([JobSpec(jobID: jobID, kind: .latency, space: space.name, architecture: architecture, device: device)])
                            let result = try await completion(of: jobID, in: &events)
                            guard let milliseconds = result.metrics["latency_ms"] else { throw FleetError("job \(jobID) answered no latency_ms") }
                            times[device]?[index].append(milliseconds)
                            versions[device] = result.environment["runtime_version"] ?? "?"
                            cpuModel = result.environment["cpu"] ?? cpuModel
                            line.append("\(device == thinDevice ? "thin" : "swift") \(String(format: "%.3f", milliseconds)) ms")
                        }
                        progress("repetition \(repetition)/\(repetitions) network \(index + 1)/\(networks): \(line.joined(separator: ", "))")
                    }
                }
                return summary(
                    architectures: architectures, space: space, swift: times[swiftDevice] ?? [], thin: times[thinDevice] ?? [],
                    versions: versions, cpuModel: cpuModel, cores: cores, loadBefore: loadBefore)
            }
        } catch {
            if !thin.isRunning, thin.processIdentifier != 0 {
                let log = logDirectory.appendingPathComponent("\(thinDevice).log")
                let tail = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").split(separator: "\n").suffix(3)
                throw FleetError(
                    "the thin worker '\(thinWorker.joined(separator: " "))' exited with status \(thin.terminationStatus); "
                        + "its log \(log.path) ends: \(tail.joined(separator: " | "))")
            }
            throw error
        }
    }

    private static func summary(
        architectures: [String], space: SPOSSpace, swift: [[Double]], thin: [[Double]], versions: [String: String],
        cpuModel: String, cores: [Int], loadBefore: String
    ) -> Summary {
        func variation(_ values: [Double]) -> Double {
            values.count > 1 ? LatencyStatistics(milliseconds: values).coefficientOfVariation : 0
        }
        let rows = architectures.indices.map { index in
            let graph = try? space.graph(for: try space.parse(architectures[index]))
            return Row(
                architecture: architectures[index], megaMACs: Double(graph?.multiplyAccumulates ?? 0) / 1e6,
                swift: RankCorrelation.median(swift[index]), thin: RankCorrelation.median(thin[index]),
                swiftCV: variation(swift[index]), thinCV: variation(thin[index]))
        }
        return Summary(
            rows: rows, medianRatio: RankCorrelation.median(rows.map(\.ratio)),
            kendallTau: RankCorrelation.kendallTau(rows.map(\.swift), rows.map(\.thin)),
            medianSwiftCV: RankCorrelation.median(rows.map(\.swiftCV)), medianThinCV: RankCorrelation.median(rows.map(\.thinCV)),
            swiftVersion: versions[swiftDevice] ?? "?", thinVersion: versions[thinDevice] ?? "?", cpuModel: cpuModel, cores: cores,
            loadBefore: loadBefore, loadAfter: loadAverage())
    }

    /// The result of `jobID`; a failure ends the benchmark with the worker's reason.
    private static func completion(
        of jobID: String, in events: inout AsyncStream<FleetEvent>.AsyncIterator
    ) async throws -> JobResult {
        while let event = await events.next() {
            switch event {
            case .completed(let spec, let result, _, _, _) where spec.jobID == jobID: return result
            case .failed(let spec, let error, _) where spec.jobID == jobID: throw FleetError("job \(jobID) failed: \(error)")
            default: continue
            }
        }
        throw FleetError("the coordinator stopped while job \(jobID) was out")
    }

    private static func launch(_ process: Process, command: [String], arguments: [String], log: URL) throws {
        guard let program = command.first else { throw FleetError("--thin-worker is empty") }
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + command.dropFirst() + arguments
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            throw FleetError("cannot start the thin worker '\(command.joined(separator: " "))': \(error.localizedDescription)")
        }
    }

    private static func loadAverage() -> String {
        let text = (try? String(contentsOfFile: "/proc/loadavg", encoding: .utf8)) ?? ""
        return text.split(separator: " ").prefix(3).joined(separator: " ")
    }
}
