import Fleet
import Foundation
import Logging
import WorkerExecutors
import ZeroMQ

/// One coordinator and many connected workers in this process (each a real DEALER socket on its
/// own thread, over tcp loopback), answering instantly: measures whether heartbeats keep their
/// interval and how fast the coordinator dispatches with that many workers connected.
public struct FleetLoadProbe: Sendable {
    /// Workers to connect, each a DEALER socket on its own thread.
    public var workers: Int
    /// Heartbeat interval (ms) of the coordinator and of every worker.
    public var heartbeatMs: Int
    /// How long to watch heartbeats with every worker idle, before the jobs.
    public var holdSeconds: Double
    /// Accuracy jobs submitted at once after the hold.
    public var jobs: Int
    /// Accuracy jobs each worker holds at once.
    public var capacity: Int
    /// Single jobs sent one after the other at the end, each awaited: the dispatch round trip.
    public var probes: Int
    /// Every worker with its own CURVE key, all on the coordinator's allow-list.
    public var curve: Bool

    /// Creates a probe of `workers` workers; the other defaults hold 5 s, then run 10,000 jobs and 200 probes.
    public init(
        workers: Int, heartbeatMs: Int = 1000, holdSeconds: Double = 5, jobs: Int = 10_000, capacity: Int = 1, probes: Int = 200,
        curve: Bool = false
    ) {
        self.workers = workers
        self.curve = curve
        self.probes = probes
        self.heartbeatMs = heartbeatMs
        self.holdSeconds = holdSeconds
        self.jobs = jobs
        self.capacity = capacity
    }

    /// Starts the coordinator and the workers, watches idle heartbeats, runs the jobs and the probes, then shuts all down.
    /// Throws when a socket, key, coordinator or worker cannot be set up, or when cancelled.
    public func run(logger: Logger = Logger(label: "hsconas.load")) async throws -> LoadReport {
        let context = try ZMQContext(ioThreads: 2)
        var settings = CoordinatorSettings(coordinatorID: "load", heartbeatMs: heartbeatMs)
        let server = try ZMQKeyPair.generate()
        let clients = curve ? try (0..<workers).map { _ in try ZMQKeyPair.generate() } : []
        if curve {
            settings.security = CoordinatorSecurity(
                secretKey: server.secretKey,
                allowedKeys: Dictionary(uniqueKeysWithValues: clients.enumerated().map { ($1.publicKey, "load-\($0)") }))
        }
        settings.recordsLivenessGaps = true
        let coordinator = try FleetCoordinator(context: context, bind: "tcp://127.0.0.1:*", settings: settings, logger: logger)
        let tally = LoadTally()
        let (finishes, finished) = AsyncStream.makeStream(of: ContinuousClock.Instant.self)
        let reader = Task {
            for await event in coordinator.events {
                tally.record(event)
                switch event {
                case .completed, .failed: finished.yield(.now)
                case .workerJoined, .workerLeft, .jobRequeued: break
                }
            }
            finished.finish()
        }
        var arrivals = finishes.makeAsyncIterator()
        let started = ContinuousClock.now
        var fleet: [FleetWorker] = []
        for index in 0..<workers {
            let hello = Hello(
                workerID: "load-\(index)", device: "none", kinds: [.accuracy], spaces: ["nb201"], runtimes: ["echo"],
                capacity: capacity)
            fleet.append(
                try FleetWorker(
                    context: context, coordinator: coordinator.endpoint, hello: hello, executor: EchoExecutor(),
                    heartbeatMs: heartbeatMs,
                    security: curve
                        ? WorkerSecurity(
                            publicKey: clients[index].publicKey, secretKey: clients[index].secretKey, serverKey: server.publicKey)
                        : nil,
                    logger: logger))
        }
        let joinDeadline = ContinuousClock.now + .seconds(60)
        while tally.joined < workers, ContinuousClock.now < joinDeadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let joinSeconds = (ContinuousClock.now - started).seconds
        try await Task.sleep(for: .milliseconds(Int(holdSeconds * 1000)))
        // Idle: only heartbeats flow, so these gaps are the heartbeat interval as the coordinator sees it.
        let idleGaps = await coordinator.livenessGaps()

        let specs = (0..<jobs).map { JobSpec(jobID: "load-job-\($0)", kind: .accuracy, space: "nb201", architecture: "x") }
        let submitted = ContinuousClock.now
        coordinator.submit(specs)
        var lastFinish = submitted
        for _ in 0..<jobs {
            guard let arrival = await arrivals.next() else { break }
            lastFinish = arrival
        }
        let elapsed = lastFinish - submitted
        let batchCompleted = tally.completed
        var latencies: [Double] = []
        for index in 0..<probes {
            let sent = ContinuousClock.now
            coordinator.submit([JobSpec(jobID: "probe-\(index)", kind: .accuracy, space: "nb201", architecture: "x")])
            guard let arrival = await arrivals.next() else { break }
            latencies.append((arrival - sent).seconds * 1000)
        }
        let busyGaps = await coordinator.livenessGaps().dropFirst(idleGaps.count)
        let lost = tally.left
        for worker in fleet { worker.stop() }
        for worker in fleet { await worker.shutdown() }
        await coordinator.shutdown()
        reader.cancel()
        return LoadReport(
            workers: workers, heartbeatMs: heartbeatMs,
            gapMedianMs: LoadReport.quantile(idleGaps, 0.5), gapP99Ms: LoadReport.quantile(idleGaps, 0.99),
            gapMaxMs: idleGaps.max() ?? 0, busyGapMaxMs: busyGaps.max() ?? 0, workersLost: lost, jobs: jobs, completed: batchCompleted,
            jobsPerSecond: Double(batchCompleted) / max(elapsed.seconds, 1e-9),
            latencyMedianMs: LoadReport.quantile(latencies, 0.5), latencyP99Ms: LoadReport.quantile(latencies, 0.99),
            joinSeconds: joinSeconds)
    }
}
