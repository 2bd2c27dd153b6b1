import BenchmarkData
import Fleet
import SearchSpace

/// The driver's one line to the fleet: it names and builds jobs, sends them, and reads the
/// fleet's events (the stream is iterated once, here). Workers joining or leaving are stored as
/// they pass; job answers are handed to the caller.
final class FleetJobChannel {
    private let fleet: any JobFleet
    private let recorder: EvaluationRecorder
    private let space: any SearchSpace
    /// The NAS-Bench-201 dataset accuracy jobs name (nb201); nil sends no dataset (spos).
    private let dataset: NB201Dataset?
    private var events: AsyncStream<FleetEvent>.Iterator
    private let jobPrefix = JobSpec.randomIDPrefix()
    private var jobCounter = 0
    /// Settings sent with every accuracy job (`accuracy_settings` in the config).
    var accuracySettings: [String: String] = [:]
    /// Lease deadline put on every job, in ms (0: none); see `fleet.job_deadline_ms`.
    var jobDeadlineMs = 0
    /// Settings sent with every latency job: the search's measurement method (`fleet.measurement`),
    /// so workers started by hand time as the local ones do.
    var latencySettings: [String: String] = [:]

    init(fleet: any JobFleet, recorder: EvaluationRecorder, space: any SearchSpace, dataset: NB201Dataset?) {
        self.fleet = fleet
        self.recorder = recorder
        self.space = space
        self.dataset = dataset
        events = fleet.events.makeAsyncIterator()
    }

    var workersOnline: Int { fleet.workersOnline }

    /// A latency job for an architecture (by name) on a device.
    func latencyJob(_ name: String, device: String) -> JobSpec {
        JobSpec(
            jobID: nextJobID(), kind: .latency, space: space.name, architecture: name, device: device,
            settings: latencySettings, deadlineMs: jobDeadlineMs)
    }

    /// An accuracy job for an architecture (by name).
    func accuracyJob(_ name: String) -> JobSpec {
        JobSpec(
            jobID: nextJobID(), kind: .accuracy, space: space.name, architecture: name,
            settings: accuracySettings.merging(dataset.map { ["dataset": $0.rawValue] } ?? [:]) { $1 },
            deadlineMs: jobDeadlineMs)
    }

    func submit(_ jobs: [JobSpec]) {
        fleet.submit(jobs)
    }

    /// The next job answered or failed; nil once the fleet has stopped.
    func nextJobEvent() async -> FleetEvent? {
        while let event = await events.next() {
            switch event {
            case .completed, .failed:
                return event
            case .workerJoined, .workerLeft, .jobRequeued:
                recorder.recordFleet(event)
            }
        }
        return nil
    }

    /// Measures one architecture on one device now and stores the answer; nil when it failed.
    /// Answers to other jobs arriving meanwhile are dropped (none is in flight when this is used).
    func measure(_ name: String, device: String) async -> Double? {
        switch await answer(name, device: device) {
        case .completed(let spec, let result, let worker, let startedAt, let finishedAt):
            return recorder.recordAnswer(spec: spec, result: result, worker: worker, startedAt: startedAt, finishedAt: finishedAt)
        case .failed(let spec, let error, _):
            recorder.recordFailedJob(spec: spec, error: error)
            return nil
        default:
            return nil
        }
    }

    /// Sends one latency job now and returns its answer (`.completed` or `.failed`) unrecorded;
    /// nil once the fleet has stopped. Answers to other jobs arriving meanwhile are dropped.
    func answer(_ name: String, device: String) async -> FleetEvent? {
        let spec = latencyJob(name, device: device)
        submit([spec])
        while let event = await nextJobEvent() {
            switch event {
            case .completed(let done, _, _, _, _) where done.jobID == spec.jobID:
                return event
            case .failed(let done, _, _) where done.jobID == spec.jobID:
                return event
            default:
                continue
            }
        }
        return nil
    }

    private func nextJobID() -> String {
        jobCounter += 1
        return "\(jobPrefix)-\(jobCounter)"
    }
}
