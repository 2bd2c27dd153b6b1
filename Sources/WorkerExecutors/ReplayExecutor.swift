import BenchmarkData
import Fleet
import Foundation
import SearchSpace

/// Answers `nb201` jobs from the NAS-Bench-201 table: accuracy jobs with the table's
/// validation and test accuracy (source `table`), latency jobs by replaying the worker's
/// device column (source `replay`, never called measured).
public struct ReplayExecutor: JobExecutor {
    /// The device whose latency column this worker replays; `nil` for an accuracy-only worker.
    public let device: String?
    /// Simulated evaluation time per job, for demos and fault-injection tests (0: none).
    public let delay: Duration
    private let table: NB201Table
    /// The replayed device's latency column, looked up once.
    private let latencies: [Float]?
    private let oracles: [NB201Dataset: NB201Oracle]
    private let space = NB201Space()

    /// Replays `device`'s latency column of `table` (nil: accuracy only), sleeping `delay` per job;
    /// throws when the table lacks that device or a dataset's accuracy columns.
    public init(table: NB201Table, device: String?, delay: Duration = .zero) throws(BenchmarkDataError) {
        if let device { try table.checkDevice(device) }
        self.table = table
        latencies = try device.map { device throws(BenchmarkDataError) in try table.latencies(device: device) }
        self.device = device
        self.delay = delay
        var oracles: [NB201Dataset: NB201Oracle] = [:]
        for dataset in NB201Dataset.allCases {
            oracles[dataset] = try NB201Oracle(table: table, dataset: dataset)
        }
        self.oracles = oracles
    }

    /// True unless a `delay` is simulated.
    public var runsInline: Bool { delay == .zero }
    /// Accuracy and latency jobs (no profiling).
    public var kinds: [JobKind] { [.accuracy, .latency] }
    /// `nb201` only.
    public var spaces: [String] { [space.name] }
    /// `replay` (latency) and `table` (accuracy).
    public var runtimes: [String] { ["replay", "table"] }
    /// `table` → the table format, `nb201.bin v1`.
    public var versions: [String: String] { ["table": "nb201.bin v1"] }

    /// Looks the job up in the table: accuracies for the job's `dataset` setting (default `cifar10`),
    /// latency from the device column; profile jobs and other spaces fail, not retryable.
    public func execute(_ job: JobSpec) -> Result<JobResult, JobFailure> {
        func failure(_ reason: String) -> Result<JobResult, JobFailure> {
            .failure(JobFailure(jobID: job.jobID, error: reason, retryable: false))
        }
        guard job.space == space.name else {
            return failure("space '\(job.space)' is not supported by the replay runtime (supported: \(space.name))")
        }
        let architecture: Architecture
        do {
            architecture = try space.parse(job.architecture)
        } catch {
            return failure(error.description)
        }
        if delay > .zero { Thread.sleep(forTimeInterval: delay.seconds) }
        switch job.kind {
        case .accuracy:
            let name = job.settings["dataset"] ?? NB201Dataset.cifar10.rawValue
            guard let dataset = NB201Dataset(rawValue: name), let oracle = oracles[dataset] else {
                return failure(
                    "unknown dataset '\(name)' (expected \(NB201Dataset.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            return .success(
                JobResult(
                    jobID: job.jobID,
                    metrics: [
                        "valid_accuracy": oracle.validAccuracy(architecture),
                        "test_accuracy": oracle.testAccuracy(architecture),
                    ],
                    source: "table", environment: ["runtime": "table", "dataset": dataset.rawValue]))
        case .latency:
            guard let device, let latencies, job.device == device else {
                return failure("latency job for device '\(job.device ?? "")' sent to a '\(device ?? "none")' worker")
            }
            return .success(
                JobResult(
                    jobID: job.jobID, metrics: ["latency_ms": Double(latencies[table.index(of: architecture)])],
                    source: "replay", environment: ["runtime": "replay", "device": device]))
        case .profile:
            return failure("the replay runtime cannot profile operators; run a worker with a real runtime")
        }
    }
}
