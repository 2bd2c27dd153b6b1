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

    /// Runs both batches with a model predicting `predictionMs` (5: under the limit) for every cell
    /// and never sure of it.
    static func run(
        lazy: Bool, bothSides: Bool = false, predictionMs: Double = 5, store: RunStore
    ) async throws -> (fleet: ScriptedFleet, driver: FleetSearchDriver, told: [[CandidateResult]]) {
        let fleet = ScriptedFleet(script())
        let driver = try FleetSearchDriverTests.driver(fleet, store: store)
        driver.measuredDevices = ["cpu"]
        driver.lazyDevices = lazy ? ["cpu"] : []
        driver.lazyBothSidesDevices = bothSides ? ["cpu"] : []
        driver.confirmTop = 2
        try driver.install(models: ["cpu": FixedScreeningModel(device: "cpu", limit: 10, predictionMs: predictionMs, undecided: true)])
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

    /// The HSCoNAS EA (seed 3) over a fake fleet whose latency and accuracy follow the genes, with
    /// a model never sure of its 5 ms prediction; returns the latency jobs sent and the incumbent.
    static func evolution(lazy: Bool) async throws -> (latencyJobs: [String], best: CandidateResult?, measurements: Int?) {
        let space = FleetSearchDriverTests.space
        let fleet = ScriptedFleet { job in
            guard let genes = try? space.parse(job.architecture).genes else { return .failure("unparsable") }
            if job.kind == .accuracy {
                let mix = genes.enumerated().reduce(0) { $0 + ($1.offset + 1) * $1.element }
                return .figure(0.5 + Double(mix % 40) / 100)
            }
            return .figure(Double(genes.reduce(0, +) % 12) + 1)
        }
        let driver = try FleetSearchDriverTests.driver(fleet, store: try FleetSearchDriverTests.store())
        driver.measuredDevices = ["cpu"]
        driver.lazyDevices = lazy ? ["cpu"] : []
        driver.confirmTop = 5
        try driver.install(models: ["cpu": FixedScreeningModel(device: "cpu", limit: 10, predictionMs: 5, undecided: true)])
        let settings = SearchSettings(seed: 3, budget: 60, targets: targets, population: 20, parents: 5)
        var strategy = HSCoNASEvolution(settings: settings, space: space)
        try await driver.run(&strategy, budget: 60) { _ in }
        let latencyJobs = fleet.jobs.filter { $0.kind == .latency }.map(\.architecture)
        return (latencyJobs, strategy.incumbent, driver.measurements["cpu"])
    }

    @Test("the HSCoNAS EA with the same seed: lazy measures fewer candidates than interval, the same on every run")
    func lazyEvolutionMeasuresFewer() async throws {
        let interval = try await Self.evolution(lazy: false)
        let lazy = try await Self.evolution(lazy: true)
        let again = try await Self.evolution(lazy: true)
        #expect(lazy.latencyJobs.count < interval.latencyJobs.count, "lazy \(lazy.latencyJobs.count), interval \(interval.latencyJobs.count)")
        #expect(Set(lazy.latencyJobs).count == lazy.latencyJobs.count, "never asked twice")
        #expect(lazy.measurements == lazy.latencyJobs.count)
        #expect(again.latencyJobs == lazy.latencyJobs && again.best == lazy.best, "deterministic for a seed")
        // The incumbent was told on a real figure, within the limit.
        let best = try #require(lazy.best)
        #expect(lazy.latencyJobs.contains(Self.name(best.architecture)))
        #expect((best.latencyMs["cpu"] ?? .infinity) <= 10)
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

    @Test("lazy-all: a candidate predicted over the limit is evaluated first, measured only as a parent, else told its prediction")
    func lazyAllWaitsOverTheLimit() async throws {
        // Every cell predicted 12 ms, over the 10 ms limit.
        let lazy = try await Self.run(lazy: true, predictionMs: 12, store: try FleetSearchDriverTests.store())
        let lazyAll = try await Self.run(lazy: true, bothSides: true, predictionMs: 12, store: try FleetSearchDriverTests.store())
        let jobs = { (fleet: ScriptedFleet, kind: JobKind) in Set(fleet.jobs.filter { $0.kind == kind }.map(\.architecture)) }

        // Lazy under the limit only: predicted over, so measured at once; the slow cell gets no accuracy job.
        #expect(jobs(lazy.fleet, .latency).count == 5)
        #expect(!jobs(lazy.fleet, .accuracy).contains(Self.name(Self.cells[2])))
        // Lazy on both sides: every candidate is evaluated; the parents (0, 1, then 2 and 4) are measured.
        #expect(jobs(lazyAll.fleet, .accuracy).count == 5)
        #expect(jobs(lazyAll.fleet, .latency) == Set([0, 1, 2, 4].map { Self.name(Self.cells[$0]) }))
        #expect(lazyAll.driver.measurements["cpu"] == 4)
        let second = try #require(lazyAll.told.last)
        #expect(second[0].latencyMs["cpu"] == 20, "a parent is told its measured figure: infeasible")
        #expect(second[1].latencyMs["cpu"] == 12 && second[1].accuracy == 0.5, "not a parent: told its prediction, over the limit")
        #expect(second[2].latencyMs["cpu"] == 1)

        // A resume on the same store asks nothing and tells the same.
        let store = try FleetSearchDriverTests.store()
        let first = try await Self.run(lazy: true, bothSides: true, predictionMs: 12, store: store)
        let again = try await Self.run(lazy: true, bothSides: true, predictionMs: 12, store: store)
        #expect(again.fleet.jobs.isEmpty)
        #expect(again.told == first.told)
    }

    @Test("a batch is confirmed best accuracy first: the best one proving feasible spares the device the ones below it")
    func confirmationWalksBestFirst() async throws {
        // Batch 1 ranks cell 0 (0.8). In batch 2, asked 1, 2, 3: cell 3 (0.95) is really 20 ms, cell 2
        // (0.9) 1 ms, cell 1 (0.85) 1 ms; all three are predicted 5 ms and would beat 0.8.
        let accuracies = [0.8, 0.85, 0.9, 0.95].enumerated().map { (Self.name(Self.cells[$0.offset]), $0.element) }
        let scores = Dictionary(uniqueKeysWithValues: accuracies)
        let slow = Self.name(Self.cells[3])
        let fleet = ScriptedFleet { job in
            job.kind == .accuracy ? .figure(scores[job.architecture] ?? 0) : .figure(job.architecture == slow ? 20 : 1)
        }
        let driver = try FleetSearchDriverTests.driver(fleet, store: try FleetSearchDriverTests.store())
        driver.measuredDevices = ["cpu"]
        driver.lazyDevices = ["cpu"]
        driver.confirmTop = 1
        try driver.install(models: ["cpu": FixedScreeningModel(device: "cpu", limit: 10, predictionMs: 5, undecided: true)])
        var strategy = ScriptedStrategy(targets: Self.targets, batches: [[Self.cells[0]], Array(Self.cells[1...3])])
        try await driver.run(&strategy, budget: 4) { _ in }

        // Cell 3 first (measured: infeasible, so it ranks nothing), then cell 2 (feasible: it now
        // ranks first), and cell 1 no longer ranks: told its prediction, never measured.
        let measured = fleet.jobs.filter { $0.kind == .latency }.map(\.architecture)
        #expect(measured == [0, 3, 2].map { Self.name(Self.cells[$0]) })
        #expect(driver.measurements["cpu"] == 3)
        let second = try #require(strategy.told.last)
        #expect(second.map(\.architecture) == Array(Self.cells[1...3]), "told in ask order")
        #expect(second[0].latencyMs["cpu"] == 5, "below the best confirmed: its prediction")
        #expect(second[1].latencyMs["cpu"] == 1 && second[2].latencyMs["cpu"] == 20)
    }
}
