import Fleet
import Foundation
import Logging
import SearchSpace
import Store

/// The single place a search's figures are kept: every answer, failure and prediction is written
/// to the run's store as it arrives and memoized, so no figure is requested twice for the same
/// architecture, metric and device. It also counts the jobs answered (latency look-ups, failures,
/// measurements per device) and stores workers joining and leaving.
///
/// Figures already in the store (an earlier, interrupted process of the run) are loaded at the
/// start and reused, not redone.
final class EvaluationRecorder {
    private let space: any SearchSpace
    /// The metric a failed accuracy job is recorded under (what the evaluator was expected to answer).
    let accuracyMetric: String
    private let store: RunStore
    private let log: Logger
    /// Figure by key; `.some(nil)` when its job failed.
    private var memo: [MetricKey: Double?] = [:]
    /// Devices of the workers that joined, so a departure is stored with its device.
    private var workerDevices: [String: String] = [:]
    /// Jobs that failed for good (or answered without a usable figure).
    private(set) var failedJobs = 0
    /// Latency figures obtained from workers (memoized ones are not counted again).
    private(set) var latencyLookups = 0
    /// Latency jobs each device answered, failed ones included, counting those of earlier
    /// processes of the same run (from the store).
    private(set) var measurements: [String: Int] = [:]

    init(space: any SearchSpace, store: RunStore, accuracyMetric: String, logger: Logger) throws(StoreError) {
        self.space = space
        self.store = store
        self.accuracyMetric = accuracyMetric
        log = logger
        for record in try store.evaluations() where record.space == space.name {
            memo[MetricKey(architecture: record.architecture, metric: record.metric, device: record.device)] = record.value
            let isReading = record.metric == MetricKey.latency || record.metric == MetricKey.discardedLatency
            if isReading, record.source != .replay, record.source != .predicted {
                measurements[record.device, default: 0] += 1
            }
        }
    }

    // MARK: Reading

    /// A known figure: `.some(nil)` when its job failed, nil when it was never asked.
    func figure(_ key: MetricKey) -> Double?? {
        memo[key]
    }

    /// An architecture's latency on a device, as ``figure(_:)``.
    func latency(of name: String, device: String) -> Double?? {
        memo[MetricKey(architecture: name, metric: MetricKey.latency, device: device)]
    }

    /// The selection figure of an architecture: `.some(nil)` when its evaluation failed, nil when
    /// it has none yet.
    func selection(of name: String) -> Double?? {
        for metric in MetricKey.selectionMetrics {
            if let known = memo[MetricKey(architecture: name, metric: metric, device: "")] { return known }
        }
        return nil
    }

    /// The metric an architecture's selection figure is stored under (`valid_accuracy` or
    /// `proxy_score`); the expected one when it has none.
    func selectionMetric(of name: String) -> String {
        MetricKey.selectionMetrics.first { memo[MetricKey(architecture: name, metric: $0, device: "")] != nil } ?? accuracyMetric
    }

    /// Test accuracy of an architecture, if it was evaluated.
    func testAccuracy(of name: String) -> Double? {
        memo[MetricKey(architecture: name, metric: MetricKey.testAccuracy, device: "")] ?? nil
    }

    /// Every architecture with a selection figure, best first (ties by name).
    func rankedBySelection() -> [(name: String, value: Double)] {
        let names = Set(memo.keys.filter { MetricKey.selectionMetrics.contains($0.metric) }.map(\.architecture))
        return names.compactMap { name -> (name: String, value: Double)? in
            guard let value = selection(of: name), let value else { return nil }
            return (name, value)
        }.sorted { $0.value != $1.value ? $0.value > $1.value : $0.name < $1.name }
    }

    /// Stored latencies of `architectures` that were measured or replayed (not predicted).
    func storedLatencies(of architectures: Set<String>) throws(StoreError) -> [EvaluationRecord] {
        try store.evaluations().filter { record in
            record.space == space.name && record.metric == MetricKey.latency && architectures.contains(record.architecture)
                && (record.source == .measured || record.source == .replay)
        }
    }

    // MARK: Recording

    /// Stores a model's prediction next to whatever is measured (`latency_predicted_ms`).
    func recordPrediction(_ name: String, device: String, value: Double) {
        let key = MetricKey(architecture: name, metric: MetricKey.predictedLatency, device: device)
        // A replayed search predicts again what an earlier process of the run already stored.
        guard value.isFinite, memo[key] == nil else { return }
        memo[key] = value
        let now = Date()
        persist([
            EvaluationRecord(
                space: space.name, architecture: name, metric: MetricKey.predictedLatency, device: device, value: value,
                source: .predicted, worker: "", startedAt: now, finishedAt: now)
        ])
    }

    /// Counts and stores a worker's answer and returns its main figure (validation accuracy or
    /// latency); nil when the answer is unusable, which is then stored and counted as a failure.
    /// `storingToo`: records written in the same store write (a discarded reading of the same network).
    func recordAnswer(
        spec: JobSpec, result: JobResult, worker: String, startedAt: Date, finishedAt: Date, storingToo: [EvaluationRecord] = []
    ) -> Double? {
        if spec.kind == .latency {
            latencyLookups += 1
            measurements[spec.device ?? "", default: 0] += 1
        }
        let refusal = Self.refusal(ofSource: result.source)
        guard refusal == nil, let source = EvaluationSource(rawValue: result.source) else {
            failedJobs += 1
            storeFailure(spec: spec, error: "worker \(worker) answered with \(refusal ?? "unknown source '\(result.source)'")")
            persist(storingToo)
            return nil
        }
        var records: [EvaluationRecord] = []
        let environment = result.environmentJSON
        func add(_ metric: String, device: String) -> Double? {
            guard let value = result.metrics[metric], value.isFinite else { return nil }
            memo[MetricKey(architecture: spec.architecture, metric: metric, device: device)] = value
            records.append(
                EvaluationRecord(
                    space: spec.space, architecture: spec.architecture, metric: metric, device: device, value: value,
                    source: source, worker: worker, startedAt: startedAt, finishedAt: finishedAt, environment: environment))
            return value
        }
        let main: Double?
        switch spec.kind {
        case .latency, .profile:
            main = add(MetricKey.latency, device: spec.device ?? "")
        case .accuracy:
            if let valid = add(MetricKey.validAccuracy, device: "") {
                main = valid
                _ = add(MetricKey.testAccuracy, device: "")
            } else {
                main = add(MetricKey.proxyScore, device: "")
            }
        }
        guard main != nil else {
            failedJobs += 1
            let metric = spec.kind == .accuracy ? MetricKey.selectionMetrics.joined(separator: " or ") : MetricKey.latency
            storeFailure(spec: spec, error: "worker \(worker) answered without a finite \(metric)")
            persist(storingToo)
            return nil
        }
        persist(records + storingToo)
        return main
    }

    /// Why a worker's answer labelled `raw` is refused, or nil when a worker may give that source.
    /// `predicted` is the coordinator's own label for a latency model's figure; no worker may claim it.
    static func refusal(ofSource raw: String) -> String? {
        switch EvaluationSource(rawValue: raw) {
        case .predicted: "source 'predicted', which only the coordinator's latency models give"
        case nil: "unknown source '\(raw)'"
        default: nil
        }
    }

    /// Counts a latency reading set aside for a faster reading of the same network
    /// (``MetricKey/discardedLatency``: a measurement the device made, never the network's figure)
    /// and returns its record, to be stored in one write with the kept one (``recordAnswer``'s
    /// `storingToo`); a failed reading is counted as a failure and its record carries the error.
    func discardedReading(spec: JobSpec, answer: FleetEvent) -> EvaluationRecord {
        latencyLookups += 1
        measurements[spec.device ?? "", default: 0] += 1
        let device = spec.device ?? ""
        let key = MetricKey(architecture: spec.architecture, metric: MetricKey.discardedLatency, device: device)
        if case .completed(_, let result, let worker, let startedAt, let finishedAt) = answer,
            let value = result.metrics[MetricKey.latency], value.isFinite, Self.refusal(ofSource: result.source) == nil
        {
            memo[key] = value
            return EvaluationRecord(
                space: spec.space, architecture: spec.architecture, metric: MetricKey.discardedLatency, device: device,
                value: value, source: EvaluationSource(rawValue: result.source), worker: worker, startedAt: startedAt,
                finishedAt: finishedAt, environment: result.environmentJSON)
        }
        failedJobs += 1
        memo[key] = .some(nil)
        let error =
            switch answer {
            case .failed(_, let error, _): error
            case .completed(_, let result, let worker, _, _):
                Self.refusal(ofSource: result.source).map { "worker \(worker) answered with \($0)" } ?? "answered without a finite latency"
            default: "answered without a finite latency"
            }
        let now = Date()
        return EvaluationRecord(
            space: spec.space, architecture: spec.architecture, metric: MetricKey.discardedLatency, device: device, value: nil,
            source: nil, worker: "", startedAt: now, finishedAt: now, error: error)
    }

    /// Counts and stores a job that failed for good.
    func recordFailedJob(spec: JobSpec, error: String) {
        failedJobs += 1
        if spec.kind == .latency { measurements[spec.device ?? "", default: 0] += 1 }
        storeFailure(spec: spec, error: error)
    }

    /// Stores a worker joining or leaving (with the jobs it held that were re-queued) and a job put
    /// back in the queue for another attempt, for the report.
    func recordFleet(_ event: FleetEvent) {
        let record: FleetEventRecord
        switch event {
        case .workerJoined(let hello):
            workerDevices[hello.workerID] = hello.device
            record = FleetEventRecord(
                at: Date(), kind: .joined, worker: hello.workerID, device: hello.device,
                detail: hello.kinds.map(\.rawValue).joined(separator: ","))
        case .workerLeft(let worker, let reason, let requeued):
            record = FleetEventRecord(
                at: Date(), kind: .left, worker: worker, device: workerDevices[worker] ?? "", detail: reason, requeued: requeued)
        case .jobRequeued(let spec, let worker, let reason, let attempt):
            record = FleetEventRecord(
                at: Date(), kind: .requeued, worker: worker, device: spec.kind == .accuracy ? "" : spec.device ?? "",
                detail: "\(spec.kind.rawValue) job \(spec.architecture): \(reason) (attempt \(attempt))", requeued: 1)
        case .completed, .failed:
            return
        }
        do {
            try store.recordFleetEvents([record])
        } catch {
            log.error("could not store a fleet event", metadata: ["error": "\(error)"])
        }
    }

    private func storeFailure(spec: JobSpec, error: String) {
        let metric = spec.kind == .accuracy ? accuracyMetric : MetricKey.latency
        let device = spec.kind == .accuracy ? "" : spec.device ?? ""
        memo[MetricKey(architecture: spec.architecture, metric: metric, device: device)] = .some(nil)
        let now = Date()
        persist([
            EvaluationRecord(
                space: spec.space, architecture: spec.architecture, metric: metric, device: device, value: nil,
                source: nil, worker: "", startedAt: now, finishedAt: now, error: error)
        ])
    }

    private func persist(_ records: [EvaluationRecord]) {
        do {
            try store.record(records)
        } catch {
            log.error("could not store evaluations", metadata: ["error": "\(error)"])
        }
    }
}
