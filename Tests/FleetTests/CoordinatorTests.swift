import BenchmarkData
import Fleet
import Foundation
import Logging
import SearchSpace
import Testing
import WorkerExecutors
import ZeroMQ

/// The coordinator in-process, with real workers (threads with their own sockets) and raw
/// DEALER peers over tcp loopback on ephemeral ports.
@Suite("coordinator scheduling and liveness")
struct CoordinatorTests {
    static let table: NB201Table = {
        do { return try NB201Table.bundled() } catch { fatalError("\(error)") }
    }()
    static let cell = "|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|"

    static func hello(_ id: String, device: String, kinds: [JobKind], capacity: Int = 1) -> Hello {
        Hello(workerID: id, device: device, kinds: kinds, spaces: ["nb201"], runtimes: ["replay"], capacity: capacity)
    }

    /// Raw peers in these tests do not send heartbeats, so the default interval leaves them
    /// 15 s before they count as dead, even on a loaded machine; the liveness test sets a short one on purpose.
    /// Heartbeats every 15 s by default: raw peers only heartbeat while a test awaits them, and a
    /// test run busy on 2 cores may not schedule them for a while; liveness tests set their own.
    static func coordinator(_ context: ZMQContext, heartbeatMs: Int = 15_000) throws -> FleetCoordinator {
        try FleetCoordinator(
            context: context, bind: "tcp://127.0.0.1:*",
            settings: CoordinatorSettings(coordinatorID: "test", heartbeatMs: heartbeatMs))
    }

    static func worker(
        _ context: ZMQContext, _ coordinator: FleetCoordinator, id: String, device: String?, kinds: [JobKind],
        delay: Duration = .zero
    ) throws -> FleetWorker {
        let executor = try ReplayExecutor(table: table, device: device, delay: delay)
        return try FleetWorker(
            context: context, coordinator: coordinator.endpoint,
            hello: hello(id, device: device ?? "none", kinds: kinds, capacity: 4), executor: executor, heartbeatMs: 100)
    }

    static func latencyJob(_ id: String, device: String) -> JobSpec {
        JobSpec(jobID: id, kind: .latency, space: "nb201", architecture: cell, device: device)
    }

    static func completedWorker(_ event: FleetEvent) -> (job: String, worker: String)? {
        if case .completed(let spec, _, let worker, _, _) = event { return (spec.jobID, worker) }
        return nil
    }

    @Test("latency jobs go only to workers of their device; accuracy jobs to accuracy workers")
    func routing() async throws {
        let context = try ZMQContext()
        let coordinator = try Self.coordinator(context)
        let events = EventCollector(coordinator.events)
        let raspi = try Self.worker(context, coordinator, id: "raspi", device: "raspi4", kinds: [.latency])
        let pixel = try Self.worker(context, coordinator, id: "pixel", device: "pixel3", kinds: [.latency])
        let accuracy = try Self.worker(context, coordinator, id: "acc", device: nil, kinds: [.accuracy])
        _ = try await events.wait(for: 3) { if case .workerJoined = $0 { true } else { false } }

        var jobs = (0..<10).map { Self.latencyJob("r\($0)", device: "raspi4") }
        jobs += (0..<10).map { Self.latencyJob("p\($0)", device: "pixel3") }
        jobs += (0..<10).map {
            JobSpec(jobID: "a\($0)", kind: .accuracy, space: "nb201", architecture: Self.cell, settings: ["dataset": "cifar10"])
        }
        coordinator.submit(jobs)
        let done = try await events.wait(for: 30) { Self.completedWorker($0) != nil }.compactMap(Self.completedWorker)
        for (job, worker) in done {
            let expected = job.hasPrefix("r") ? "raspi" : job.hasPrefix("p") ? "pixel" : "acc"
            #expect(worker == expected, "job \(job) ran on \(worker)")
        }
        let raspiLatency = try Self.table.value("lat_raspi4_ms", of: try NB201Space().parse(Self.cell))
        let values = await events.all.compactMap { event -> Double? in
            if case .completed(let spec, let result, _, _, _) = event, spec.jobID == "r0" { return result.metrics["latency_ms"] }
            return nil
        }
        #expect(values == [raspiLatency])
        for worker in [raspi, pixel, accuracy] { await worker.shutdown() }
        await coordinator.shutdown()
    }

    @Test("a latency worker holds one job at a time")
    func oneAtATime() async throws {
        let context = try ZMQContext()
        let coordinator = try Self.coordinator(context)
        let events = EventCollector(coordinator.events)
        let peer = try RawPeer(context: context, endpoint: coordinator.endpoint)
        try peer.send(Envelope(id: "1", message: .hello(Self.hello("raw", device: "raspi4", kinds: [.latency], capacity: 8))))
        _ = try await events.wait { if case .workerJoined = $0 { true } else { false } }
        coordinator.submit((0..<3).map { Self.latencyJob("j\($0)", device: "raspi4") })
        let first = try #require(try await peer.receive { if case .job = $0.message { true } else { false } })
        // While the first is unanswered, no second job may arrive.
        #expect(try await peer.receive(timeout: .milliseconds(300)) { if case .job = $0.message { true } else { false } } == nil)
        try peer.send(
            Envelope(id: first.id, message: .result(JobResult(jobID: first.id, metrics: ["latency_ms": 1], source: "replay"))))
        let second = try #require(try await peer.receive { if case .job = $0.message { true } else { false } })
        #expect(second.id != first.id)
        await coordinator.shutdown()
    }

    @Test("a silent worker is declared dead after 3 heartbeats and its job goes to another worker")
    func deadWorkerRequeue() async throws {
        let context = try ZMQContext()
        let coordinator = try Self.coordinator(context, heartbeatMs: 300)
        let events = EventCollector(coordinator.events)
        let silent = try RawPeer(context: context, endpoint: coordinator.endpoint)
        try silent.send(Envelope(id: "1", message: .hello(Self.hello("silent", device: "raspi4", kinds: [.latency]))))
        // Alive (heartbeating while it waits) until it holds the job, then silent.
        _ = try #require(try await silent.receive { if case .welcome = $0.message { true } else { false } })
        coordinator.submit([Self.latencyJob("j", device: "raspi4")])
        // On a loaded machine it may be declared dead before the job arrives; like a real worker it
        // then says hello again when told to.
        let deadline = ContinuousClock.now + .seconds(20)
        var holdsJob = false
        while !holdsJob, ContinuousClock.now < deadline {
            guard let message = try await silent.receive(timeout: .seconds(1)) else { continue }
            switch message.message {
            case .job: holdsJob = true
            case .bye(let bye) where bye.reconnect:
                try silent.send(Envelope(id: "1", message: .hello(Self.hello("silent", device: "raspi4", kinds: [.latency]))))
            default: continue
            }
        }
        #expect(holdsJob)
        let healthy = try Self.worker(context, coordinator, id: "healthy", device: "raspi4", kinds: [.latency])
        let left = try await events.wait {
            if case .workerLeft(let id, let reason, let requeued) = $0 {
                id == "silent" && requeued == 1 && reason.contains("missed 3 heartbeats")
            } else {
                false
            }
        }
        #expect(left.count == 1)
        let done = try await events.wait { Self.completedWorker($0) != nil }.compactMap(Self.completedWorker)
        #expect(done.map(\.worker) == ["healthy"])
        // The dead worker's late answer is ignored: still exactly one completion.
        try silent.send(Envelope(id: "j", message: .result(JobResult(jobID: "j", metrics: ["latency_ms": 9], source: "replay"))))
        try await Task.sleep(for: .milliseconds(200))
        #expect(await events.all.filter { Self.completedWorker($0) != nil }.count == 1)
        await healthy.shutdown()
        await coordinator.shutdown()
    }

    @Test("a job that fails on 3 attempts is marked failed; duplicates of a result are ignored")
    func failuresAndDuplicates() async throws {
        let context = try ZMQContext()
        let coordinator = try Self.coordinator(context)
        let events = EventCollector(coordinator.events)
        let peer = try RawPeer(context: context, endpoint: coordinator.endpoint)
        try peer.send(Envelope(id: "1", message: .hello(Self.hello("flaky", device: "raspi4", kinds: [.latency]))))
        _ = try await events.wait { if case .workerJoined = $0 { true } else { false } }
        coordinator.submit([Self.latencyJob("doomed", device: "raspi4"), Self.latencyJob("fine", device: "raspi4")])
        var attempts = 0
        var answeredFine = false
        // The doomed job comes back after each retryable failure (3 attempts); the fine one once.
        while attempts < 3 || !answeredFine {
            let job = try #require(try await peer.receive { if case .job = $0.message { true } else { false } })
            if job.id == "doomed" {
                attempts += 1
                try peer.send(Envelope(id: job.id, message: .failed(JobFailure(jobID: job.id, error: "crash", retryable: true))))
            } else {
                let result = Envelope(id: job.id, message: .result(JobResult(jobID: job.id, metrics: ["latency_ms": 2], source: "replay")))
                try peer.send(result)
                try peer.send(result)
                answeredFine = true
            }
        }
        #expect(attempts == 3)
        #expect(try await peer.receive(timeout: .milliseconds(300)) { if case .job = $0.message { true } else { false } } == nil)
        let failed = try await events.wait { if case .failed = $0 { true } else { false } }
        if case .failed(let spec, let error, let count) = failed[0] {
            #expect(spec.jobID == "doomed" && count == 3 && error.contains("crash"))
        }
        _ = try await events.wait { Self.completedWorker($0)?.job == "fine" }
        try await Task.sleep(for: .milliseconds(200))
        #expect(await events.all.filter { Self.completedWorker($0)?.job == "fine" }.count == 1)
        await coordinator.shutdown()
    }

    @Test("malformed envelopes are dropped with a log line and the coordinator keeps serving")
    func malformedEnvelopes() async throws {
        let context = try ZMQContext()
        let coordinator = try Self.coordinator(context)
        let peer = try RawPeer(context: context, endpoint: coordinator.endpoint)
        try peer.sendRaw([Array("{not json".utf8)])
        try peer.sendRaw([Array(#"{"v":1,"type":"dance","id":"1","body":{}}"#.utf8)])
        try peer.sendRaw([Array(#"{"v":1,"type":"hello","id":"1","body":{"device":"raspi4"}}"#.utf8)])
        try peer.sendRaw([Array("a".utf8), Array("b".utf8)])
        try peer.sendRaw([Array(#"{"v":1,"type":"job","id":"1","body":{"job_id":"x","kind":"latency","space":"nb201","architecture":"a","settings":{},"deadline_ms":0}}"#.utf8)])
        try peer.send(Envelope(id: "2", message: .hello(Self.hello("ok", device: "raspi4", kinds: [.latency]))))
        let welcome = try await peer.receive { if case .welcome = $0.message { true } else { false } }
        #expect(welcome != nil)
        let deadline = ContinuousClock.now + .seconds(5)
        while coordinator.snapshot.dropped < 5, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        #expect(coordinator.snapshot.dropped == 5)
        #expect(coordinator.snapshot.workersOnline == 1)
        await coordinator.shutdown()
    }

    @Test("a bad job gets a `failed` answer and the worker keeps serving")
    func badJobDoesNotKillWorker() async throws {
        let context = try ZMQContext()
        let coordinator = try Self.coordinator(context)
        let events = EventCollector(coordinator.events)
        let worker = try Self.worker(context, coordinator, id: "w", device: "raspi4", kinds: [.latency, .accuracy])
        _ = try await events.wait { if case .workerJoined = $0 { true } else { false } }
        coordinator.submit([
            JobSpec(jobID: "bad-arch", kind: .latency, space: "nb201", architecture: "|conv9~0|", device: "raspi4"),
            JobSpec(jobID: "bad-dataset", kind: .accuracy, space: "nb201", architecture: Self.cell, settings: ["dataset": "mnist"]),
            Self.latencyJob("good", device: "raspi4"),
        ])
        // (A job of a space the worker does not build never reaches it: JobSpaceRoutingTests.)
        let failed = try await events.wait(for: 2) { if case .failed = $0 { true } else { false } }
        var errors: [String: String] = [:]
        for event in failed { if case .failed(let spec, let error, let attempts) = event { errors[spec.jobID] = error; #expect(attempts == 1) } }
        #expect(errors["bad-arch"]?.contains("conv9") == true)
        #expect(errors["bad-dataset"]?.contains("mnist") == true)
        _ = try await events.wait { Self.completedWorker($0)?.job == "good" }
        await worker.shutdown()
        await coordinator.shutdown()
    }
}
