import Fleet
import Foundation
import Testing
import ZeroMQ

/// A worker that holds a latency job far longer than its device's usual (a phone off USB, its
/// worker waiting for it): the coordinator says so in its log and in its snapshot, instead of the
/// search waiting without a word.
@Suite("a latency job held far longer than usual")
struct LongHeldJobTests {
    static let heartbeatMs = 100

    static func isJob(_ envelope: Envelope) -> Bool {
        if case .job = envelope.message { true } else { false }
    }

    /// A coordinator logging into `logs`, with 100 ms heartbeats. Many missed heartbeats before a
    /// worker counts as dead: the raw peer heartbeats only while the test waits on it, and a loaded
    /// test run may not schedule it for a while.
    static func coordinator(_ context: ZMQContext, logs: LogCapture) throws -> FleetCoordinator {
        try FleetCoordinator(
            context: context, bind: "tcp://127.0.0.1:*",
            settings: CoordinatorSettings(coordinatorID: "test", heartbeatMs: heartbeatMs, missedHeartbeats: 100),
            logger: logs.logger())
    }

    /// Registers the peer as a latency worker of `device` and waits until the coordinator has it.
    static func join(_ peer: borrowing RawPeer, as id: String, device: String, events: EventCollector) async throws {
        try peer.send(Envelope(id: "1", message: .hello(CoordinatorTests.hello(id, device: device, kinds: [.latency]))))
        _ = try await events.wait { if case .workerJoined = $0 { true } else { false } }
    }

    /// Runs `body` with a coordinator (its log in the capture, 100 ms heartbeats) and a raw peer that
    /// joined it as latency worker `id` of `device`; shuts the coordinator down afterwards.
    static func withLatencyPeer(
        _ id: String, device: String,
        _ body: (FleetCoordinator, borrowing RawPeer, LogCapture, EventCollector) async throws -> Void
    ) async throws {
        let context = try ZMQContext()
        let logs = LogCapture()
        let coordinator = try Self.coordinator(context, logs: logs)
        let events = EventCollector(coordinator.events)
        let peer = try RawPeer(context: context, endpoint: coordinator.endpoint)
        do {
            try await join(peer, as: id, device: device, events: events)
            try await body(coordinator, peer, logs, events)
        } catch {
            await coordinator.shutdown()
            throw error
        }
        await coordinator.shutdown()
    }

    static func answer(_ job: Envelope, on peer: borrowing RawPeer, environment: [String: String] = [:]) throws {
        try peer.send(
            Envelope(
                id: job.id,
                message: .result(JobResult(jobID: job.id, metrics: ["latency_ms": 1], source: "replay", environment: environment))))
    }

    @Test("the coordinator tells the job held ten times its device's usual once, and again when it is answered")
    func tellsLongHeldJob() async throws {
        try await Self.withLatencyPeer("phone-1", device: "phone") { coordinator, peer, logs, _ in
            coordinator.submit((0..<4).map { CoordinatorTests.latencyJob("j\($0)", device: "phone") })
            // Three answered at once make the device's usual duration (a few ms), so the floor of five
            // heartbeats (0.5 s) is the limit.
            // The first carries an absurd wait for its device: bounded by the lease, it traps nothing.
            for index in 0..<3 {
                try Self.answer(
                    try #require(try await peer.receive(where: Self.isJob)), on: peer,
                    environment: index == 0 ? ["device_wait_ms": "1e300"] : [:])
            }
            let held = try #require(try await peer.receive(where: Self.isJob))
            let told = ["worker phone-1 has held a latency job for phone", "usually take", "job=\(held.id)"]
            let deadline = ContinuousClock.now + .seconds(30)
            while ContinuousClock.now < deadline, try await logs.waitForLine(containing: told, timeout: .zero) == nil {
                // Heartbeats while it holds the job, as a worker waiting for its device does.
                _ = try await peer.receive(timeout: .milliseconds(200)) { _ in false }
            }
            #expect(try await logs.waitForLine(containing: told, timeout: .zero) != nil, "\(logs.all)")
            // The snapshot is published later in the same tick as the line.
            let marked = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < marked,
                coordinator.snapshot.workers.first(where: { $0.workerID == "phone-1" })?.measuringLong != true
            {
                _ = try await peer.receive(timeout: .milliseconds(100)) { _ in false }
            }
            let row = try #require(coordinator.snapshot.workers.first { $0.workerID == "phone-1" })
            #expect(row.measuringLong)
            #expect((row.measuringSeconds ?? 0) >= 0.5)
            // Told once, however long it is held.
            _ = try await peer.receive(timeout: .milliseconds(500)) { _ in false }
            #expect(logs.all.filter { $0.contains("has held a latency job") }.count == 1)

            try Self.answer(held, on: peer)
            let answered = try await logs.waitForLine(containing: ["held long was answered after", "job=\(held.id)"])
            #expect(answered != nil, "\(logs.all)")
            // The quick jobs were never told.
            #expect(!logs.all.contains { $0.contains("has held") && !$0.contains("job=\(held.id)") })
            let published = ContinuousClock.now + .seconds(10)
            while ContinuousClock.now < published,
                coordinator.snapshot.workers.first(where: { $0.workerID == "phone-1" })?.measuringSeconds != nil
            {
                _ = try await peer.receive(timeout: .milliseconds(100)) { _ in false }
            }
            let idle = try #require(coordinator.snapshot.workers.first { $0.workerID == "phone-1" })
            #expect(idle.measuringSeconds == nil)
            #expect(!idle.measuringLong)
        }
    }

    @Test("a device with no answered job yet is given a minute before its first job is told")
    func firstJobIsGivenTime() async throws {
        try await Self.withLatencyPeer("pi-1", device: "raspi4") { coordinator, peer, logs, events in
            coordinator.submit([CoordinatorTests.latencyJob("first", device: "raspi4")])
            let first = try #require(try await peer.receive(where: Self.isJob))
            // Well past the floor of five heartbeats: a first measurement loads and warms up.
            _ = try await peer.receive(timeout: .seconds(1.5)) { _ in false }
            #expect(!logs.all.contains { $0.contains("has held") }, "\(logs.all)")
            let row = try #require(coordinator.snapshot.workers.first { $0.workerID == "pi-1" })
            #expect((row.measuringSeconds ?? 0) >= 1)
            #expect(!row.measuringLong)
            try Self.answer(first, on: peer)
            _ = try await events.wait { CoordinatorTests.completedWorker($0) != nil }
        }
    }
}
