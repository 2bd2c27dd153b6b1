import Fleet
import Foundation
import Logging
import SearchSpace
import Store

/// Profiles operators through a running coordinator: one `profile` job per operator signature,
/// answered by the workers of the operator's device, each answer written to its store the moment
/// it arrives (so an interrupted profile resumes where it stopped). Used by `hsconas profile`
/// and by a search whose targets' operator tables are missing or incomplete.
public enum OperatorProfiler {
    /// The operators one device still needs.
    public struct Request {
        /// The device whose workers profile the operators.
        public var device: String
        /// The store each answer is written to.
        public var store: RunStore
        /// Signatures not yet in the store.
        public var missing: [String]

        /// A request for `missing` on `device`, answered into `store`.
        public init(device: String, store: RunStore, missing: [String]) {
            self.device = device
            self.store = store
            self.missing = missing
        }
    }

    /// What profiling one device did.
    public struct Outcome: Sendable {
        /// Operators measured and written to the store.
        public var measured = 0
        /// Signature → why it could not be profiled.
        public var failed: [String: String] = [:]
    }

    /// The signatures of `space`'s operator catalog that `store` has no latency for on `device`,
    /// and the catalog's size.
    public static func missing(
        space: any NetworkSpace, device: String, store: RunStore
    ) throws -> (missing: [String], catalog: Int) {
        let catalog = try space.operatorCatalog()
        let stored = Set(try store.profiles(space: space.name, device: device).map(\.signature))
        return (catalog.map(\.signature).filter { !stored.contains($0) }, catalog.count)
    }

    /// Sends every request's jobs at once (the scheduler gives each to its device's workers) and
    /// waits for all answers. Each job carries `method` (``MeasurementSettings/method``), which
    /// measuring workers time by over their own flags. `progress` gets (device, profiled so far,
    /// requested) after each.
    public static func profile(
        _ requests: [Request], space: any NetworkSpace, method: [String: String], coordinator: FleetCoordinator,
        events: inout AsyncStream<FleetEvent>.Iterator, logger: Logger, progress: (String, Int, Int) -> Void
    ) async throws -> [String: Outcome] {
        var outcomes: [String: Outcome] = [:]
        var jobs: [JobSpec] = []
        var stores: [String: RunStore] = [:]
        let session = JobSpec.randomIDPrefix()
        for request in requests where !request.missing.isEmpty {
            stores[request.device] = request.store
            outcomes[request.device] = Outcome()
            jobs += request.missing.enumerated().map { index, signature in
                JobSpec(
                    jobID: "profile-\(session)-\(request.device)-\(index)", kind: .profile, space: space.name, architecture: signature,
                    device: request.device, settings: method)
            }
        }
        let totals = Dictionary(requests.map { ($0.device, $0.missing.count) }, uniquingKeysWith: +)
        guard !jobs.isEmpty else { return outcomes }
        coordinator.submit(jobs)
        var outstanding = Set(jobs.map(\.jobID))
        while !outstanding.isEmpty {
            guard let event = await events.next() else {
                throw FleetLaunchError("the coordinator stopped while \(outstanding.count) operators were still being profiled")
            }
            let device: String
            switch event {
            case .completed(let spec, let result, let worker, _, let finishedAt):
                guard outstanding.remove(spec.jobID) != nil, let store = stores[spec.device ?? ""] else { continue }
                device = spec.device ?? ""
                if let latency = result.metrics["latency_ms"], latency.isFinite, latency > 0, result.source == "measured" {
                    try store.recordProfiles([
                        OperatorProfileRecord(
                            space: space.name, device: device, signature: spec.architecture, latencyMs: latency,
                            environment: result.environmentJSON, worker: worker, measuredAt: finishedAt)
                    ])
                    outcomes[device, default: Outcome()].measured += 1
                } else {
                    outcomes[device, default: Outcome()].failed[spec.architecture] =
                        "worker \(worker) answered without a measured latency_ms"
                }
            case .failed(let spec, let error, _):
                guard outstanding.remove(spec.jobID) != nil else { continue }
                device = spec.device ?? ""
                outcomes[device, default: Outcome()].failed[spec.architecture] = error
                logger.warning("profiling an operator failed", metadata: ["operator": "\(spec.architecture)", "error": "\(error)"])
            case .workerJoined, .workerLeft, .jobRequeued:
                continue
            }
            let outcome = outcomes[device] ?? Outcome()
            progress(device, outcome.measured + outcome.failed.count, totals[device] ?? 0)
        }
        return outcomes
    }
}
