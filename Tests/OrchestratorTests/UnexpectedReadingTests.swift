import Fleet
import Foundation
import Orchestrator
import Search
import SearchSpace
import Store
import Synchronization
import Testing

/// During the search, a reading over the limit and over the top of the interval the device's model
/// predicted the network in (a load spike) is taken again; the faster reading is the figure and
/// the slower is stored apart, as at the answer's confirmation.
@Suite("search: an unexpected reading is taken again")
struct UnexpectedReadingTests {
    static let cells = FleetSearchDriverTests.cells
    static func name(_ architecture: Architecture) -> String { FleetSearchDriverTests.name(architecture) }
    static let targets = [LatencyTarget(device: "cpu", maxLatencyMs: 10)]

    /// One batch of cells 0 and 1 on a device whose model predicts 5 ms and cannot decide (every
    /// candidate is measured); its interval tops out at `intervalTop`. Cell 0 reads `readings` in
    /// turn, cell 1 reads 6 ms.
    static func search(
        _ readings: [ScriptedFleet.Answer], intervalTop: Double?, store: RunStore, maxMeasurements: Int? = nil,
        lazy: Bool = false
    ) async throws -> (
        told: [CandidateResult], driver: FleetSearchDriver, fleet: ScriptedFleet
    ) {
        let fleet = ScriptedFleet.readings(of: name(cells[0]), readings, otherLatency: 6) { _ in 0.9 }
        let driver = try FleetSearchDriverTests.driver(fleet, store: store)
        driver.measuredDevices = ["cpu"]
        driver.maxMeasurements = maxMeasurements
        driver.lazyDevices = lazy ? ["cpu"] : []
        try driver.install(models: [
            "cpu": FixedScreeningModel(device: "cpu", limit: 10, predictionMs: 5, undecided: true, intervalTopMs: intervalTop)
        ])
        var strategy = ScriptedStrategy(targets: targets, batches: [Array(cells.prefix(2))])
        try await driver.run(&strategy, budget: 2) { _ in }
        return (strategy.told.first ?? [], driver, fleet)
    }

    static func stored(_ store: RunStore, _ cell: Int, _ metric: String) throws -> [Double] {
        try store.evaluations().filter { $0.architecture == name(cells[cell]) && $0.metric == metric && $0.device == "cpu" }
            .compactMap(\.value)
    }

    static func latencyJobs(_ fleet: ScriptedFleet, _ cell: Int) -> Int {
        fleet.jobs.count { $0.kind == .latency && $0.architecture == name(cells[cell]) }
    }

    @Test("a spike over the limit and the interval is read again: the faster reading is told and stored, the slower stored apart")
    func spikeIsReadAgain() async throws {
        let store = try FleetSearchDriverTests.store()
        let run = try await Self.search([.figure(18), .figure(6)], intervalTop: 8, store: store)
        #expect(Self.latencyJobs(run.fleet, 0) == 2 && Self.latencyJobs(run.fleet, 1) == 1)
        #expect(run.told.first?.latencyMs["cpu"] == 6, "\(run.told)")
        #expect(run.told.first?.accuracy == 0.9, "feasible on its second reading, so its accuracy is evaluated")
        #expect(try Self.stored(store, 0, "latency_ms") == [6])
        #expect(try Self.stored(store, 0, "latency_discarded_ms") == [18])
        #expect(run.driver.measurements["cpu"] == 3, "both readings count as the device's measurements")

        // A resume reads nothing again: the kept figure is the stored one.
        let again = try await Self.search([.figure(30)], intervalTop: 8, store: store)
        #expect(again.fleet.jobs.filter { $0.kind == .latency }.isEmpty)
        #expect(again.told.first?.latencyMs["cpu"] == 6)
    }

    @Test("a network really over the limit reads over it twice and is told the faster of the two, over the limit")
    func slowNetworkReadsSlowTwice() async throws {
        let store = try FleetSearchDriverTests.store()
        let run = try await Self.search([.figure(18), .figure(17)], intervalTop: 8, store: store)
        #expect(run.told.first?.latencyMs["cpu"] == 17)
        #expect(run.told.first?.accuracy == nil, "infeasible: no accuracy evaluated")
        #expect(try Self.stored(store, 0, "latency_ms") == [17])
        #expect(try Self.stored(store, 0, "latency_discarded_ms") == [18])
    }

    @Test("read once: over the limit but inside the interval, under the limit, or with no interval yet")
    func expectedReadingsAreReadOnce() async throws {
        for (reading, top) in [(11.0, 12.0), (9.5, 8.0), (18.0, nil)] as [(Double, Double?)] {
            let store = try FleetSearchDriverTests.store()
            let run = try await Self.search([.figure(reading), .figure(6)], intervalTop: top, store: store)
            #expect(Self.latencyJobs(run.fleet, 0) == 1, "reading \(reading), interval top \(String(describing: top))")
            #expect(run.told.first?.latencyMs["cpu"] == reading)
            #expect(try Self.stored(store, 0, "latency_discarded_ms").isEmpty)
        }
    }

    @Test("a failed second reading: the first stands, the failure is stored apart and counted")
    func failedSecondReading() async throws {
        let store = try FleetSearchDriverTests.store()
        let run = try await Self.search([.figure(18), .failure("the board rebooted")], intervalTop: 8, store: store)
        #expect(run.told.first?.latencyMs["cpu"] == 18)
        #expect(try Self.stored(store, 0, "latency_ms") == [18])
        let discarded = try store.evaluations().filter { $0.metric == "latency_discarded_ms" }
        #expect(discarded.count == 1 && discarded.first?.value == nil && discarded.first?.error == "the board rebooted")
        #expect(run.driver.measurements["cpu"] == 3)
    }

    @Test("a second reading must fit in max_measurements beside the first: else the first stands, read once")
    func secondReadingWithinTheBound() async throws {
        // Cells 0 and 1 are measured together: 2 measurements, and a third only fits a bound of 3.
        let tight = try FleetSearchDriverTests.store()
        let spent = try await Self.search([.figure(18), .figure(6)], intervalTop: 8, store: tight, maxMeasurements: 2)
        #expect(Self.latencyJobs(spent.fleet, 0) == 1)
        #expect(try Self.stored(tight, 0, "latency_ms") == [18])
        #expect(try Self.stored(tight, 0, "latency_discarded_ms").isEmpty)
        #expect(spent.driver.measurements["cpu"] == 2)

        let room = try FleetSearchDriverTests.store()
        let fits = try await Self.search([.figure(18), .figure(6)], intervalTop: 8, store: room, maxMeasurements: 3)
        #expect(Self.latencyJobs(fits.fleet, 0) == 2)
        #expect(try Self.stored(room, 0, "latency_ms") == [6])
        #expect(fits.driver.measurements["cpu"] == 3)
    }

    @Test("a faster second reading that is not a real measurement does not replace the first")
    func replayedSecondReadingDoesNotWin() async throws {
        let store = try FleetSearchDriverTests.store()
        let run = try await Self.search([.figure(18), .sourced(6, source: "replay")], intervalTop: 8, store: store)
        #expect(Self.latencyJobs(run.fleet, 0) == 2)
        #expect(try Self.stored(store, 0, "latency_ms") == [18])
        #expect(try Self.stored(store, 0, "latency_discarded_ms") == [6])
    }

    @Test("decide: lazy — the confirmation walk waits for the second reading before it measures the next candidate")
    func lazyWalkWaitsForTheSecondReading() async throws {
        let store = try FleetSearchDriverTests.store()
        let run = try await Self.search([.figure(18), .figure(6)], intervalTop: 8, store: store, lazy: true)
        let order = run.fleet.jobs.filter { $0.kind == .latency }.map(\.architecture)
        #expect(order == [Self.name(Self.cells[0]), Self.name(Self.cells[0]), Self.name(Self.cells[1])], "\(order)")
        #expect(run.told.first?.latencyMs["cpu"] == 6)
        #expect(try Self.stored(store, 0, "latency_discarded_ms") == [18])
    }

    @Test("beside a replayed device: its look-ups do not use the measured device's bound, and its readings are read once")
    func replayedDeviceBeside() async throws {
        // The table replays cell 0 at 9 ms and cell 1 at 18 ms (over the limit and the interval, but
        // not a measurement); cpu measures only cell 0, 18 ms and then 6 ms. With a bound of 2 on cpu
        // its two readings fit although the table answered two look-ups; with 1, cpu reads once.
        for (bound, cpuReadings) in [(2, 2), (1, 1)] {
            let store = try FleetSearchDriverTests.store()
            let cpuAnswers = Mutex([18.0, 6.0])
            let fleet = ScriptedFleet { job in
                if job.kind == .accuracy { return .figure(0.9) }
                if job.device == "table" {
                    return .sourced(job.architecture == Self.name(Self.cells[0]) ? 9 : 18, source: "table")
                }
                return .figure(cpuAnswers.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] })
            }
            let driver = try FleetSearchDriverTests.driver(fleet, store: store)
            driver.measuredDevices = ["cpu"]
            driver.maxMeasurements = bound
            try driver.install(
                models: ["table", "cpu"].reduce(into: [:]) { models, device in
                    models[device] = FixedScreeningModel(
                        device: device, limit: 10, predictionMs: 5, undecided: true, intervalTopMs: 8)
                })
            var strategy = ScriptedStrategy(
                targets: [LatencyTarget(device: "table", maxLatencyMs: 10), LatencyTarget(device: "cpu", maxLatencyMs: 10)],
                batches: [Array(Self.cells.prefix(2))])
            try await driver.run(&strategy, budget: 2) { _ in }

            let jobs = fleet.jobs.filter { $0.kind == .latency }
            #expect(jobs.count { $0.device == "table" } == 2, "bound \(bound): each table look-up asked once")
            #expect(jobs.count { $0.device == "cpu" } == cpuReadings, "bound \(bound)")
            #expect(jobs.allSatisfy { $0.device == "table" || $0.architecture == Self.name(Self.cells[0]) })
            let told = strategy.told.first ?? []
            #expect(told.first?.latencyMs["cpu"] == (cpuReadings == 2 ? 6 : 18), "bound \(bound): \(told)")
            #expect(told.last?.latencyMs["table"] == 18)
            #expect(driver.measurements["cpu"] == cpuReadings && driver.measurements["table"] == 2)
            let discarded = try store.evaluations().filter { $0.metric == "latency_discarded_ms" }
            #expect(discarded.map(\.device) == (cpuReadings == 2 ? ["cpu"] : []), "bound \(bound)")
        }
    }
}
