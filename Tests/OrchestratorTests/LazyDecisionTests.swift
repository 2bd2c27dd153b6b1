import Fleet
import Foundation
import Logging
import Orchestrator
import Search
import SearchSpace
import Store
import Testing

/// `decide: lazy` in the fleet driver: an undecided candidate predicted under the limit is told on
/// its prediction and measured only once its accuracy would make it one of the parents.
@Suite("lazy decisions in the fleet driver")
struct LazyDecisionTests {
    static let cells = FleetSearchDriverTests.cells
    static func name(_ architecture: Architecture) -> String { FleetSearchDriverTests.name(architecture) }
    static let targets = [LatencyTarget(device: "cpu", maxLatencyMs: 10)]
    /// Two batches: the first fills the ranking of two parents (0.9, 0.8); in the second, cell 2
    /// (0.95, really 20 ms) and cell 4 (0.85) would be parents, cell 3 (0.5) would not.
    static let batches = [Array(cells.prefix(2)), Array(cells.suffix(3))]
    static let accuracy = [0.9, 0.8, 0.95, 0.5, 0.85]

    static func script() -> @Sendable (JobSpec) -> ScriptedFleet.Answer {
        let accuracies = Dictionary(uniqueKeysWithValues: zip(cells.map { name($0) }, accuracy))
        let slow = name(cells[2])
        return { job in
            job.kind == .accuracy ? .figure(accuracies[job.architecture] ?? 0) : .figure(job.architecture == slow ? 20 : 1)
        }
    }

    /// Runs both batches with a model predicting 5 ms for every cell and never sure of it.
    static func run(lazy: Bool, store: RunStore) async throws -> (fleet: ScriptedFleet, driver: FleetSearchDriver, told: [[CandidateResult]]) {
        let fleet = ScriptedFleet(script())
        let driver = try FleetSearchDriverTests.driver(fleet, store: store)
        driver.measuredDevices = ["cpu"]
        driver.lazyDevices = lazy ? ["cpu"] : []
        driver.lazyParents = 2
        try driver.install(models: ["cpu": FixedScreeningModel(device: "cpu", limit: 10, predictionMs: 5, undecided: true)])
        var strategy = ScriptedStrategy(targets: targets, batches: batches)
        try await driver.run(&strategy, budget: 5) { _ in }
        return (fleet, driver, strategy.told)
    }

    @Test("a lazy target measures only candidates whose accuracy makes them parents, and tells their real figure")
    func lazyMeasuresParentsOnly() async throws {
        let interval = try await Self.run(lazy: false, store: try FleetSearchDriverTests.store())
        let lazy = try await Self.run(lazy: true, store: try FleetSearchDriverTests.store())

        let measured = { (fleet: ScriptedFleet) in fleet.jobs.filter { $0.kind == .latency }.map(\.architecture) }
        #expect(measured(interval.fleet).count == 5)
        #expect(Set(measured(lazy.fleet)) == Set([0, 1, 2, 4].map { Self.name(Self.cells[$0]) }))
        #expect(measured(lazy.fleet).count == 4, "each measured once")
        #expect(lazy.driver.measurements["cpu"] == 4, "confirmations count as the device's measurements")

        // A parent is measured after its accuracy, and told with the measured figure.
        let slow = Self.name(Self.cells[2])
        let jobs = lazy.fleet.jobs
        let accuracyJob = try #require(jobs.firstIndex { $0.architecture == slow && $0.kind == .accuracy })
        let latencyJob = try #require(jobs.firstIndex { $0.architecture == slow && $0.kind == .latency })
        #expect(accuracyJob < latencyJob)
        let second = try #require(lazy.told.last)
        #expect(second.map(\.architecture) == Self.batches[1], "told in ask order")
        #expect(second[0].latencyMs["cpu"] == 20 && second[0].accuracy == 0.95, "over the limit: the strategy sees it infeasible")
        #expect(second[1].latencyMs["cpu"] == 5 && second[1].accuracy == 0.5, "not a parent: told its prediction, never measured")
        #expect(second[2].latencyMs["cpu"] == 1)
        // Interval measures first: the slow cell never gets an accuracy job.
        #expect(!interval.fleet.jobs.contains { $0.architecture == slow && $0.kind == .accuracy })
    }

    @Test("a second lazy driver on the same store (a resume) asks nothing and tells the same")
    func lazyReplay() async throws {
        let store = try FleetSearchDriverTests.store()
        let first = try await Self.run(lazy: true, store: store)
        let again = try await Self.run(lazy: true, store: store)
        #expect(again.fleet.jobs.isEmpty)
        #expect(again.told == first.told)
        #expect(again.driver.measurements["cpu"] == 4)
    }
}
