import BenchmarkData
import Fleet
import Testing
import WorkerExecutors
import ZeroMQ

/// A job goes only to a worker that can do it in its space: a board that measures any space but
/// looks accuracy up in the NAS-Bench-201 table (`hsconas worker --runtime native`, default kinds)
/// must not be handed a spos accuracy job, which it could only fail for good.
@Suite("coordinator: jobs routed by space")
struct JobSpaceRoutingTests {
    static let sposNetwork = "spos-network"

    /// A coordinator with short heartbeats (its warnings wait three of them) logging into `log`.
    static func coordinator(_ context: ZMQContext, log: LogCapture) throws -> FleetCoordinator {
        try FleetCoordinator(
            context: context, bind: "tcp://127.0.0.1:*", settings: CoordinatorSettings(coordinatorID: "test", heartbeatMs: 200),
            logger: log.logger(level: .warning))
    }

    static func worker(
        _ context: ZMQContext, _ coordinator: FleetCoordinator, id: String, device: String, executor: any JobExecutor
    ) throws -> FleetWorker {
        let hello = Hello(
            workerID: id, device: device, kinds: executor.kinds, spaces: executor.spaces, runtimes: executor.runtimes,
            capacity: 2, accuracySpaces: executor.accuracySpaces)
        return try FleetWorker(
            context: context, coordinator: coordinator.endpoint, hello: hello, executor: executor, heartbeatMs: 100)
    }

    @Test("spos accuracy jobs wait for a worker that evaluates spos, with one warning; the table worker gets the rest")
    func accuracyGoesToAWorkerOfItsSpace() async throws {
        let context = try ZMQContext()
        let log = LogCapture()
        let coordinator = try Self.coordinator(context, log: log)
        let events = EventCollector(coordinator.events)
        // Measures latency in any space; its accuracy comes from the table, which holds nb201 only.
        let board = AccuracySplitExecutor(
            accuracy: try ReplayExecutor(table: CoordinatorTests.table, device: nil),
            other: FixedAnswerExecutor(kinds: [.latency], spaces: ["nb201", "spos"]))
        #expect(board.accuracySpaces == ["nb201"])
        let boardWorker = try Self.worker(context, coordinator, id: "board", device: "rpi", executor: board)
        _ = try await events.wait { if case .workerJoined = $0 { true } else { false } }
        coordinator.submit([
            JobSpec(jobID: "spos-accuracy", kind: .accuracy, space: "spos", architecture: Self.sposNetwork),
            JobSpec(jobID: "nb201-accuracy", kind: .accuracy, space: "nb201", architecture: CoordinatorTests.cell),
            JobSpec(jobID: "spos-latency", kind: .latency, space: "spos", architecture: Self.sposNetwork, device: "rpi"),
        ])
        let done = try await events.wait(for: 2) { CoordinatorTests.completedWorker($0) != nil }
            .compactMap(CoordinatorTests.completedWorker)
        #expect(Set(done.map(\.job)) == ["nb201-accuracy", "spos-latency"])
        let warning = try await log.waitForLine(containing: ["accuracy jobs of space spos wait", "they evaluate: nb201"])
        #expect(warning != nil, "\(log.all)")
        #expect(await !events.all.contains { if case .failed = $0 { true } else { false } }, "the spos job reached the table")

        let proxy = try Self.worker(
            context, coordinator, id: "proxy", device: "none", executor: FixedAnswerExecutor(kinds: [.accuracy], spaces: ["nb201", "spos"]))
        let sposDone = try await events.wait { CoordinatorTests.completedWorker($0)?.job == "spos-accuracy" }
        #expect(sposDone.compactMap(CoordinatorTests.completedWorker).first?.worker == "proxy")
        #expect(log.all.count { $0.contains("accuracy jobs of space spos wait") } == 1)
        for worker in [boardWorker, proxy] { await worker.shutdown() }
        await coordinator.shutdown()
    }

    @Test("a latency job of a space the device's worker cannot build waits, with a warning naming what it builds")
    func latencyOfAnUnbuiltSpaceWaits() async throws {
        let context = try ZMQContext()
        let log = LogCapture()
        let coordinator = try Self.coordinator(context, log: log)
        let events = EventCollector(coordinator.events)
        let replay = try Self.worker(
            context, coordinator, id: "replay", device: "raspi4", executor: try ReplayExecutor(table: CoordinatorTests.table, device: "raspi4"))
        _ = try await events.wait { if case .workerJoined = $0 { true } else { false } }
        coordinator.submit([JobSpec(jobID: "spos-latency", kind: .latency, space: "spos", architecture: Self.sposNetwork, device: "raspi4")])
        let warning = try await log.waitForLine(containing: ["latency jobs of space spos for device raspi4 wait", "they build: nb201"])
        #expect(warning != nil, "\(log.all)")
        #expect(await !events.all.contains { if case .failed = $0 { true } else { false } })
        await replay.shutdown()
        await coordinator.shutdown()
    }
}
