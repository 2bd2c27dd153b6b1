import Fleet
import Foundation
import Logging
import Measurement
import SearchSpace
import Store
import ZeroMQ

/// Profiles every distinct operator of a space on one device through the fleet: the coordinator
/// sends one `profile` job per operator signature not yet in the store, spread over all workers
/// of that device, and writes each answer to the store the moment it arrives — so an interrupted
/// profile resumes where it stopped.
public struct ProfileSession {
    /// The space whose operator catalog is profiled.
    public var space: any NetworkSpace
    /// The device the operators are profiled on; jobs go to its workers.
    public var device: String
    /// The store operator latencies are read from and written to as they arrive.
    public var store: RunStore
    /// ZeroMQ endpoint the coordinator binds; the default takes loopback and any free port.
    public var bind: String
    /// Heartbeat interval in ms, for the coordinator and the local workers.
    public var heartbeatMs: Int
    /// Local measuring workers to start (0: wait for remote ones).
    public var localWorkers: Int
    /// Runtime local workers measure with (default `native`).
    public var localRuntime: RuntimeKind
    /// Threads each local worker's runtime may use.
    public var localThreads: Int
    /// CPUs local workers pin to; nil picks the highest-numbered ones, one per thread.
    public var localCores: [Int]?
    /// How local workers time each operator, given to them as flags.
    public var measurement: MeasurementConfig
    /// Where the coordinator, the local workers' launcher and the profiler log.
    public var logger: Logger

    /// A profile of `device` into `store`; by default it binds loopback and starts no local workers.
    public init(
        space: any NetworkSpace, device: String, store: RunStore, bind: String = "tcp://127.0.0.1:*", heartbeatMs: Int = 1000,
        localWorkers: Int = 0, localRuntime: RuntimeKind = .native, localThreads: Int = 1, localCores: [Int]? = nil,
        measurement: MeasurementConfig = MeasurementConfig(), logger: Logger
    ) {
        self.space = space
        self.device = device
        self.store = store
        self.bind = bind
        self.heartbeatMs = heartbeatMs
        self.localWorkers = localWorkers
        self.localRuntime = localRuntime
        self.localThreads = localThreads
        self.localCores = localCores
        self.measurement = measurement
        self.logger = logger
    }

    /// What a profile run did.
    public struct Summary: Sendable {
        /// Operators in the space's catalog.
        public var operators: Int
        /// Operators the store held before the run.
        public var alreadyStored: Int
        /// Operators measured and stored by this run.
        public var measured: Int
        /// Signature → why it could not be profiled.
        public var failed: [String: String]
        /// Wall-clock time of the run, in seconds.
        public var wallSeconds: Double
    }

    /// Profiles what is missing. `listening` gets the bound endpoint; `progress` (done, total).
    public func run(listening: (String) -> Void, progress: (Int, Int) -> Void) async throws -> Summary {
        let started = ContinuousClock.now
        let catalog = try space.operatorCatalog()
        let stored = Set(try store.profiles(space: space.name, device: device).map(\.signature))
        let missing = catalog.filter { !stored.contains($0.signature) }
        var summary = Summary(
            operators: catalog.count, alreadyStored: catalog.count - missing.count, measured: 0, failed: [:], wallSeconds: 0)
        progress(summary.alreadyStored, catalog.count)
        guard !missing.isEmpty else {
            summary.wallSeconds = (ContinuousClock.now - started).seconds
            return summary
        }

        let coordinator = try FleetCoordinator(
            context: try ZMQContext(), bind: bind,
            settings: CoordinatorSettings(coordinatorID: "hsconas-profile-\(device)", heartbeatMs: heartbeatMs), logger: logger,
            models: ONNXModelShipper())
        listening(coordinator.endpoint)
        do {
            try await LocalFleet.run(coordinator: coordinator, logger: logger) { workers in
                if localWorkers > 0 {
                    let specs = (0..<localWorkers).map { index in
                        LocalWorkerSpec(
                            name: "\(device)-\(index + 1)", device: device, kinds: ["profile"], capacity: 1, runtime: localRuntime,
                            threads: localThreads, cores: localCores)
                    }
                    try workers.start(
                        specs, executable: LocalWorkerProcesses.currentExecutable(), coordinator: coordinator.endpoint,
                        heartbeatMs: heartbeatMs, simulatedDelayMs: 0, measurement: measurement,
                        logDirectory: URL(fileURLWithPath: store.path).deletingLastPathComponent().appendingPathComponent("workers"))
                }
                var events = coordinator.events.makeAsyncIterator()
                let outcomes = try await OperatorProfiler.profile(
                    [OperatorProfiler.Request(device: device, store: store, missing: missing.map(\.signature))], space: space,
                    method: [:], coordinator: coordinator, events: &events, logger: logger,
                    progress: { [already = summary.alreadyStored] _, done, _ in progress(already + done, catalog.count) })
                summary.measured = outcomes[device]?.measured ?? 0
                summary.failed = outcomes[device]?.failed ?? [:]
            }
        } catch where Task.isCancelled {
            // Every operator answered so far is stored; running the profile again measures the rest.
            logger.notice("profile interrupted; the store holds every operator measured so far", metadata: ["store": "\(store.path)"])
            throw RunInterrupted(store: store.path)
        }
        summary.wallSeconds = (ContinuousClock.now - started).seconds
        return summary
    }
}
