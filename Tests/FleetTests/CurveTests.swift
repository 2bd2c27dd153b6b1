import BenchmarkData
import Fleet
import Foundation
import Logging
import Testing
import WorkerExecutors
import ZeroMQ

/// CURVE encryption with a ZAP allow-list, over real tcp loopback: who is served, who is refused
/// (and logged), and what travels on the wire.
@Suite("CURVE and the worker allow-list")
struct CurveTests {
    static let cell = CoordinatorTests.cell

    /// A coordinator whose allow-list holds `allowed`, logging into `log`.
    static func secureCoordinator(
        _ context: ZMQContext, server: ZMQKeyPair, allowed: [ZMQKeyPair], log: LogCapture
    ) throws -> FleetCoordinator {
        let keys = Dictionary(uniqueKeysWithValues: allowed.enumerated().map { ($1.publicKey, "worker-\($0).pub") })
        return try FleetCoordinator(
            context: context, bind: "tcp://127.0.0.1:*",
            settings: CoordinatorSettings(
                coordinatorID: "curve", heartbeatMs: 15_000,
                security: CoordinatorSecurity(secretKey: server.secretKey, allowedKeys: keys)),
            logger: log.logger(label: "coordinator"))
    }

    static func worker(
        _ context: ZMQContext, endpoint: String, id: String, security: WorkerSecurity?, log: LogCapture = LogCapture()
    ) throws -> FleetWorker {
        let executor = try ReplayExecutor(table: CoordinatorTests.table, device: "raspi4", delay: .zero)
        return try FleetWorker(
            context: context, coordinator: endpoint,
            hello: CoordinatorTests.hello(id, device: "raspi4", kinds: [.latency, .accuracy]), executor: executor,
            heartbeatMs: 100, security: security, logger: log.logger(label: "worker"))
    }

    static func security(_ client: ZMQKeyPair, server: ZMQKeyPair) -> WorkerSecurity {
        WorkerSecurity(publicKey: client.publicKey, secretKey: client.secretKey, serverKey: server.publicKey)
    }

    @Test("an allow-listed worker is welcomed and served its jobs over CURVE")
    func allowedWorkerIsServed() async throws {
        let context = try ZMQContext()
        let server = try ZMQKeyPair.generate()
        let client = try ZMQKeyPair.generate()
        let log = LogCapture()
        let coordinator = try Self.secureCoordinator(context, server: server, allowed: [client], log: log)
        let events = EventCollector(coordinator.events)
        let worker = try Self.worker(context, endpoint: coordinator.endpoint, id: "trusted", security: Self.security(client, server: server))
        _ = try await events.wait { if case .workerJoined = $0 { true } else { false } }
        coordinator.submit([CoordinatorTests.latencyJob("j1", device: "raspi4")])
        let done = try await events.wait { CoordinatorTests.completedWorker($0)?.job == "j1" }
        #expect(CoordinatorTests.completedWorker(done[0])?.worker == "trusted")
        #expect(try await log.waitForLine(containing: ["admitted a worker key", client.publicKey, "worker-0.pub"]) != nil)
        await worker.shutdown()
        await coordinator.shutdown()
    }

    @Test("a worker with an unknown key gets no welcome and no job, and the refusal is logged with its key")
    func unknownKeyIsRefused() async throws {
        let context = try ZMQContext()
        let server = try ZMQKeyPair.generate()
        let trusted = try ZMQKeyPair.generate()
        let stranger = try ZMQKeyPair.generate()
        let log = LogCapture()
        let coordinator = try Self.secureCoordinator(context, server: server, allowed: [trusted], log: log)
        let events = EventCollector(coordinator.events)
        coordinator.submit([CoordinatorTests.latencyJob("j1", device: "raspi4")])
        let workerLog = LogCapture()
        let worker = try Self.worker(
            context, endpoint: coordinator.endpoint, id: "stranger", security: Self.security(stranger, server: server), log: workerLog)
        let refusal = try await log.waitForLine(containing: ["refused a worker", stranger.publicKey, "127.0.0.1"])
        #expect(refusal != nil, "coordinator log:\n\(log.all.joined(separator: "\n"))")
        #expect(try await workerLog.waitForLine(containing: ["refused the connection"]) != nil)
        // Give it time to retry: it must stay a stranger.
        try await Task.sleep(for: .milliseconds(800))
        #expect(await events.all.isEmpty)
        #expect(coordinator.snapshot.workersOnline == 0)
        #expect(!workerLog.all.contains { $0.contains("registered") })
        await worker.shutdown()
        await coordinator.shutdown()
    }

    @Test("a plain-text worker against a CURVE coordinator gets nothing, and the coordinator logs the failed handshake")
    func plainTextIsRefused() async throws {
        let context = try ZMQContext()
        let server = try ZMQKeyPair.generate()
        let trusted = try ZMQKeyPair.generate()
        let log = LogCapture()
        let coordinator = try Self.secureCoordinator(context, server: server, allowed: [trusted], log: log)
        let events = EventCollector(coordinator.events)
        coordinator.submit([CoordinatorTests.latencyJob("j1", device: "raspi4")])
        // A raw plain-text DEALER; its sends must not block (after a failed handshake it may
        // have no pipe, and a blocking DEALER send would wait forever), so everything is dontWait.
        let peer = try ZMQSocket(context: context, type: .dealer)
        try peer.setLinger(milliseconds: 0)
        try peer.connect(coordinator.endpoint)
        let hello = Envelope(id: "1", message: .hello(CoordinatorTests.hello("plain", device: "raspi4", kinds: [.latency])))
        var answer: [[UInt8]]?
        let deadline = ContinuousClock.now + .milliseconds(1500)
        while ContinuousClock.now < deadline, answer == nil {
            _ = try peer.send([hello.encoded()], dontWait: true)
            try await Task.sleep(for: .milliseconds(100))
            answer = try peer.receive(dontWait: true)
        }
        #expect(answer == nil)
        #expect(try await log.waitForLine(containing: ["refused a connection", "mechanism mismatch"]) != nil,
            "coordinator log:\n\(log.all.joined(separator: "\n"))")
        #expect(await events.all.isEmpty)
        #expect(coordinator.snapshot.workersOnline == 0)
        await coordinator.shutdown()
    }

    /// Runs one job through a recording relay and returns the relay.
    static func relayedJob(secure: Bool) async throws -> TCPRelay {
        let context = try ZMQContext()
        let server = try ZMQKeyPair.generate()
        let client = try ZMQKeyPair.generate()
        let log = LogCapture()
        let coordinator: FleetCoordinator
        if secure {
            coordinator = try Self.secureCoordinator(context, server: server, allowed: [client], log: log)
        } else {
            coordinator = try FleetCoordinator(
                context: context, bind: "tcp://127.0.0.1:*", settings: CoordinatorSettings(heartbeatMs: 15_000),
                logger: log.logger())
        }
        let relay = try TCPRelay(targetEndpoint: coordinator.endpoint)
        let events = EventCollector(coordinator.events)
        let worker = try Self.worker(
            context, endpoint: relay.endpoint, id: "relayed", security: secure ? Self.security(client, server: server) : nil)
        _ = try await events.wait { if case .workerJoined = $0 { true } else { false } }
        coordinator.submit([CoordinatorTests.latencyJob("relayed-job", device: "raspi4")])
        _ = try await events.wait { CoordinatorTests.completedWorker($0)?.job == "relayed-job" }
        await worker.shutdown()
        await coordinator.shutdown()
        relay.stop()
        return relay
    }

    @Test("with CURVE a loopback capture shows no plaintext envelope; without it, it does")
    func trafficIsEncrypted() async throws {
        let plain = try await Self.relayedJob(secure: false)
        // The control: the same exchange in plain text is readable, so this test can fail.
        for text in [#""type""#, "hello", "relayed-job", "welcome"] {
            #expect(plain.contains(text), "plain-text capture lacks \(text)")
        }
        let secure = try await Self.relayedJob(secure: true)
        #expect(secure.bytes.count > 500)
        for text in [#""type""#, "hello\"", "relayed-job", "welcome", "raspi4", "latency_ms"] {
            #expect(!secure.contains(text), "CURVE capture contains \(text)")
        }
        // The handshake names its mechanism in the clear (ZMTP greeting); the payload never is.
        #expect(secure.contains("CURVE"))
    }
}
