import Fleet
import Testing
import ZeroMQ

/// `hsconas worker --stay`: a board's worker outlives the coordinator's final bye and serves the
/// next search at the same address, without ever handing it an answer meant for the last one.
@Suite("workers that stay for the next coordinator")
struct StayingWorkerTests {
    static func coordinator(_ context: ZMQContext, bind: String, id: String) throws -> FleetCoordinator {
        try FleetCoordinator(context: context, bind: bind, settings: CoordinatorSettings(coordinatorID: id, heartbeatMs: 100))
    }

    /// Binds where a coordinator just closed: ZeroMQ lets go of the port in the background.
    static func rebind(_ context: ZMQContext, _ endpoint: String, id: String) async throws -> FleetCoordinator {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            do {
                return try coordinator(context, bind: endpoint, id: id)
            } catch where ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    static func latency(_ event: FleetEvent) -> (job: String, ms: Double)? {
        if case .completed(let spec, let result, _, _, _) = event, let ms = result.metrics["latency_ms"] { return (spec.jobID, ms) }
        return nil
    }

    @Test("after a bye the worker registers with the next coordinator on the same port; its answer to the old job is dropped")
    func servesTheNextCoordinator() async throws {
        let context = try ZMQContext()
        let log = LogCapture()
        let first = try Self.coordinator(context, bind: "tcp://127.0.0.1:*", id: "first")
        let firstEvents = EventCollector(first.events)
        let executor = ArchitectureLengthExecutor(slowSeconds: 1.5)
        let hello = Hello(
            workerID: "board", device: "rpi", kinds: executor.kinds, spaces: ["nb201"], runtimes: ["length"], capacity: 2)
        let worker = try FleetWorker(
            context: context, coordinator: first.endpoint, hello: hello, executor: executor, heartbeatMs: 100,
            staysAfterBye: true, logger: log.logger(level: .info))
        _ = try await firstEvents.wait { if case .workerJoined = $0 { true } else { false } }
        first.submit([JobSpec(jobID: "job-1", kind: .latency, space: "nb201", architecture: "fast", device: "rpi")])
        let answered = try await firstEvents.wait { Self.latency($0) != nil }.compactMap(Self.latency)
        #expect(answered.first?.ms == 4)

        // A slow job is under way, and another waits behind it, when the first coordinator says its final bye.
        first.submit([
            JobSpec(jobID: "job-2", kind: .accuracy, space: "nb201", architecture: "slow-old-network"),
            JobSpec(jobID: "job-3", kind: .accuracy, space: "nb201", architecture: "queued"),
        ])
        try await Task.sleep(for: .milliseconds(300))
        await first.shutdown()
        #expect(try await log.waitForLine(containing: ["staying for the next coordinator"]) != nil, "\(log.all)")

        // The next coordinator reuses the job id: the old answer (16 ms) must not pass for its own.
        let second = try await Self.rebind(context, first.endpoint, id: "second")
        let secondEvents = EventCollector(second.events)
        _ = try await secondEvents.wait { if case .workerJoined = $0 { true } else { false } }
        second.submit([JobSpec(jobID: "job-2", kind: .latency, space: "nb201", architecture: "new", device: "rpi")])
        let next = try await secondEvents.wait { Self.latency($0) != nil }.compactMap(Self.latency)
        #expect(next.map(\.ms) == [3], "the answer to the gone coordinator's job was taken: \(next)")
        #expect(try await log.waitForLine(containing: ["dropped the answer to a job of a coordinator that said bye", "job=job-2"]) != nil)
        #expect(log.all.contains { $0.contains("dropped a job of a coordinator that said bye before it started job=job-3") }, "\(log.all)")
        #expect(log.all.contains { $0.hasPrefix("info registered coordinator=second") }, "\(log.all)")
        await worker.shutdown()
        await second.shutdown()
    }
}
