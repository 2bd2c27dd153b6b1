import Fleet
import Foundation
import Orchestrator
import Search
import SearchSpace
import Store
import Testing

/// The answer's confirmation reads a network again when its first reading is over the limit but
/// its model had predicted it under: the faster reading is kept, the slower stored apart.
@Suite("answer confirmation: a second reading")
struct AnswerSecondReadingTests {
    static let cells = FleetSearchDriverTests.cells
    static func name(_ architecture: Architecture) -> String { FleetSearchDriverTests.name(architecture) }
    static let targets = [LatencyTarget(device: "cpu", maxLatencyMs: 10)]

    /// One batch of cells 0 (accuracy 0.9) and 1 (0.8), every latency decided on a model predicting
    /// 5 ms, then the answer confirmed; cell 0 reads `readings` on the device in turn, cell 1 6 ms.
    static func confirm(readings: [Double], store: RunStore) async throws -> (
        answer: Architecture?, driver: FleetSearchDriver, fleet: ScriptedFleet
    ) {
        try await confirm(answers: readings.map { .figure($0) }, store: store)
    }

    /// As ``confirm(readings:store:)``, with cell 0's answers (a reading or a failure) in turn.
    static func confirm(answers readings: [ScriptedFleet.Answer], store: RunStore) async throws -> (
        answer: Architecture?, driver: FleetSearchDriver, fleet: ScriptedFleet
    ) {
        let best = name(cells[0])
        let fleet = ScriptedFleet.readings(of: best, readings, otherLatency: 6) { $0 == best ? 0.9 : 0.8 }
        let driver = try FleetSearchDriverTests.driver(fleet, store: store)
        driver.measuredDevices = ["cpu"]
        try driver.install(models: ["cpu": FixedScreeningModel(device: "cpu", limit: 10, predictionMs: 5)])
        var strategy = ScriptedStrategy(targets: targets, batches: [Array(cells.prefix(2))])
        try await driver.run(&strategy, budget: 2) { _ in }
        return (await driver.confirmBest(targets: targets)?.0, driver, fleet)
    }

    static func stored(_ store: RunStore, _ cell: Int, _ metric: String) throws -> [Double] {
        try store.evaluations().filter { $0.architecture == name(cells[cell]) && $0.metric == metric && $0.device == "cpu" }
            .compactMap(\.value)
    }

    @Test("a first reading over the limit (a spike) is taken again; the faster is the figure, and a resume reads nothing")
    func spikeIsReadAgain() async throws {
        let store = try FleetSearchDriverTests.store()
        let first = try await Self.confirm(readings: [18, 6], store: store)
        #expect(first.answer == Self.cells[0])
        #expect(first.fleet.jobs.filter { $0.kind == .latency }.map(\.architecture) == [Self.name(Self.cells[0]), Self.name(Self.cells[0])])
        #expect(first.driver.measurements["cpu"] == 2, "both readings are the device's measurements")
        #expect(try Self.stored(store, 0, "latency_ms") == [6])
        #expect(try Self.stored(store, 0, "latency_discarded_ms") == [18])

        let again = try await Self.confirm(readings: [30], store: store)
        #expect(again.answer == Self.cells[0])
        #expect(again.fleet.jobs.isEmpty)
        #expect(again.driver.measurements["cpu"] == 2)
    }

    @Test("a reading labelled 'predicted' earns no second reading, and a second reading so labelled is a failed one")
    func predictedReadingsRefused() async throws {
        let store = try FleetSearchDriverTests.store()
        let first = try await Self.confirm(answers: [.sourced(18, source: "predicted"), .figure(6)], store: store)
        #expect(first.answer == Self.cells[1], "cell 0's only reading is refused, so the next best is confirmed")
        #expect(first.fleet.jobs.filter { $0.kind == .latency && $0.architecture == Self.name(Self.cells[0]) }.count == 1)
        #expect(try Self.stored(store, 0, "latency_ms").isEmpty)
        #expect(try Self.stored(store, 0, "latency_discarded_ms").isEmpty)

        let second = try FleetSearchDriverTests.store()
        let run = try await Self.confirm(answers: [.figure(18), .sourced(6, source: "predicted")], store: second)
        #expect(run.answer == Self.cells[1], "cell 0 keeps its one real reading, over the limit")
        #expect(try Self.stored(second, 0, "latency_ms") == [18])
        let discarded = try second.evaluations().filter { $0.architecture == Self.name(Self.cells[0]) && $0.metric == "latency_discarded_ms" }
        #expect(discarded.count == 1)
        #expect(discarded.first?.value == nil && discarded.first?.source == nil)
        #expect(discarded.first?.error?.contains("source 'predicted'") == true, "\(discarded)")
    }

    @Test("a network really over the limit reads over it twice and is passed over; one under it is read once")
    func slowNetworkIsPassedOver() async throws {
        let store = try FleetSearchDriverTests.store()
        let run = try await Self.confirm(readings: [18, 17], store: store)
        #expect(run.answer == Self.cells[1])
        #expect(try Self.stored(store, 0, "latency_ms") == [17])
        #expect(try Self.stored(store, 0, "latency_discarded_ms") == [18])
        #expect(try Self.stored(store, 1, "latency_ms") == [6])
        #expect(try Self.stored(store, 1, "latency_discarded_ms").isEmpty)
        #expect(run.driver.measurements["cpu"] == 3)
    }

    @Test("a failed second reading: the first reading stands (over the limit), the failure is stored apart and counted")
    func failedSecondReading() async throws {
        let store = try FleetSearchDriverTests.store()
        let run = try await Self.confirm(answers: [.figure(18), .failure("the board rebooted")], store: store)
        #expect(run.answer == Self.cells[1])
        #expect(try Self.stored(store, 0, "latency_ms") == [18])
        let discarded = try store.evaluations().filter { $0.metric == "latency_discarded_ms" }
        #expect(discarded.count == 1 && discarded.first?.value == nil && discarded.first?.error == "the board rebooted")
        #expect(run.driver.measurements["cpu"] == 3)

        let again = try await Self.confirm(readings: [30], store: store)
        #expect(again.answer == Self.cells[1])
        #expect(again.fleet.jobs.isEmpty)
        #expect(again.driver.measurements["cpu"] == 3)
    }
}
