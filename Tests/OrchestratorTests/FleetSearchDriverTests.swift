import Fleet
import Foundation
import Logging
import Orchestrator
import Search
import SearchSpace
import Store
import Testing
import TestSupport

/// The fleet driver against a scripted fleet: what it asks, in which order, what it stores and
/// what it tells the strategy.
@Suite("fleet search driver")
struct FleetSearchDriverTests {
    static let space = NB201Space()
    /// Five distinct cells.
    static let cells = (0..<5).map { Architecture(genes: [$0, 1, 2, 3, 4, $0]) }
    static func name(_ architecture: Architecture) -> String { space.format(architecture) }

    /// A store in a fresh folder, with its run recorded.
    static func store() throws -> RunStore {
        let folder = try TestFolder.make("driver")
        let store = try RunStore(path: folder.appendingPathComponent("run.sqlite").path)
        try store.saveRun(RunRecord(name: "driver", config: "", seed: 1))
        return store
    }

    static func driver(_ fleet: ScriptedFleet, store: RunStore) throws -> FleetSearchDriver {
        try FleetSearchDriver(space: space, dataset: nil, store: store, coordinator: fleet, logger: Logger(label: "driver-test"))
    }

    /// A script answering latency `latency[name]` (1 ms when absent) and accuracy 0.9.
    static func script(latency: [String: Double] = [:]) -> @Sendable (JobSpec) -> ScriptedFleet.Answer {
        { job in job.kind == .accuracy ? .figure(0.9) : .figure(latency[job.architecture] ?? 1) }
    }

    @Test("latency is asked on every device before accuracy, replayed devices before measured ones")
    func latencyBeforeAccuracy() async throws {
        let fleet = ScriptedFleet(Self.script())
        let driver = try Self.driver(fleet, store: try Self.store())
        driver.measuredDevices = ["cpu"]
        var strategy = ScriptedStrategy(
            targets: [LatencyTarget(device: "table", maxLatencyMs: 10), LatencyTarget(device: "cpu", maxLatencyMs: 10)],
            batches: [Array(Self.cells.prefix(3))])
        try await driver.run(&strategy, budget: 3) { _ in }

        let jobs = fleet.jobs
        for cell in Self.cells.prefix(3).map(Self.name) {
            let position = { (kind: JobKind, device: String?) in
                jobs.firstIndex { $0.architecture == cell && $0.kind == kind && $0.device == device }
            }
            let table = try #require(position(.latency, "table"))
            let cpu = try #require(position(.latency, "cpu"))
            let accuracy = try #require(position(.accuracy, nil))
            #expect(table < cpu && cpu < accuracy, "\(cell)")
        }
        #expect(strategy.told.first?.allSatisfy { $0.accuracy == 0.9 && !$0.failed } == true)
    }

    @Test("hard targets: an infeasible candidate gets no accuracy job nor measurement; penalty modes evaluate it")
    func infeasibleCandidates() async throws {
        let slow = Self.name(Self.cells[0])
        let targets = [LatencyTarget(device: "table", maxLatencyMs: 10), LatencyTarget(device: "cpu", maxLatencyMs: 10)]
        for penalty in [false, true] {
            let fleet = ScriptedFleet(Self.script(latency: [slow: 20]))
            let driver = try Self.driver(fleet, store: try Self.store())
            driver.measuredDevices = ["cpu"]
            var strategy = ScriptedStrategy(targets: targets, batches: [Array(Self.cells.prefix(2))], penalty: penalty)
            try await driver.run(&strategy, budget: 2) { _ in }

            let asked = fleet.jobs.filter { $0.architecture == slow }
            #expect(asked.contains { $0.kind == .accuracy } == penalty)
            #expect(asked.contains { $0.device == "cpu" } == penalty)
            let told = try #require(strategy.told.first)
            #expect(told[0].accuracy == (penalty ? 0.9 : nil))
            #expect(told[0].latencyMs["table"] == 20)
            #expect(!told[0].failed)
            #expect(told[1].accuracy == 0.9)
        }
    }

    @Test("no figure is asked twice: a second driver on the same store sends no job and tells the same")
    func memoizedFigures() async throws {
        let store = try Self.store()
        let targets = [LatencyTarget(device: "cpu", maxLatencyMs: 10)]
        let batches = [Array(Self.cells.prefix(3)), Array(Self.cells.suffix(2))]
        let first = ScriptedFleet(Self.script())
        var strategy = ScriptedStrategy(targets: targets, batches: batches)
        try await Self.driver(first, store: store).run(&strategy, budget: 5) { _ in }
        let keys = first.jobs.map { "\($0.kind) \($0.architecture) \($0.device ?? "")" }
        #expect(keys.count == 10)
        #expect(Set(keys).count == keys.count)

        let second = ScriptedFleet(Self.script())
        var again = ScriptedStrategy(targets: targets, batches: batches)
        let driver = try Self.driver(second, store: store)
        try await driver.run(&again, budget: 5) { _ in }
        #expect(second.jobs.isEmpty)
        #expect(driver.latencyLookups == 0)
        #expect(again.told == strategy.told)
    }

    @Test("failed and unusable answers are counted, stored and told as failures")
    func failuresCounted() async throws {
        let lost = Self.name(Self.cells[0])
        let garbled = Self.name(Self.cells[1])
        let store = try Self.store()
        let fleet = ScriptedFleet { job in
            if job.architecture == lost, job.kind == .latency { return .failure("worker died") }
            if job.architecture == garbled, job.kind == .accuracy { return .unusable }
            return job.kind == .accuracy ? .figure(0.9) : .figure(1)
        }
        let driver = try Self.driver(fleet, store: store)
        var strategy = ScriptedStrategy(
            targets: [LatencyTarget(device: "cpu", maxLatencyMs: 10)], batches: [Array(Self.cells.prefix(3))])
        try await driver.run(&strategy, budget: 3) { _ in }

        #expect(driver.failedJobs == 2)
        #expect(!fleet.jobs.contains { $0.architecture == lost && $0.kind == .accuracy })
        let told = try #require(strategy.told.first)
        #expect(told.map(\.failed) == [true, true, false])
        let failures = try store.evaluations().filter { $0.value == nil }
        #expect(Set(failures.map(\.architecture)) == [lost, garbled])
    }

    @Test("a worker's answer labelled 'predicted' or with an unknown source is a failure naming the source, never a figure")
    func workerSourcesRefused() async throws {
        let predicted = Self.name(Self.cells[0])
        let guessed = Self.name(Self.cells[1])
        let store = try Self.store()
        let fleet = ScriptedFleet { job in
            guard job.kind == .latency else { return .figure(0.9) }
            if job.architecture == predicted { return .sourced(2, source: "predicted") }
            if job.architecture == guessed { return .sourced(2, source: "guessed") }
            return .figure(1)
        }
        let driver = try Self.driver(fleet, store: store)
        var strategy = ScriptedStrategy(
            targets: [LatencyTarget(device: "cpu", maxLatencyMs: 10)], batches: [Array(Self.cells.prefix(3))])
        try await driver.run(&strategy, budget: 3) { _ in }

        #expect(driver.failedJobs == 2)
        let told = try #require(strategy.told.first)
        #expect(told.map(\.failed) == [true, true, false])
        let records = try store.evaluations()
        #expect(!records.contains { $0.source == .predicted }, "a worker's 'predicted' is never stored as a prediction")
        let errors = Dictionary(uniqueKeysWithValues: records.filter { $0.value == nil }.map { ($0.architecture, $0.error ?? "") })
        #expect(errors[predicted]?.contains("source 'predicted', which only the coordinator's latency models give") == true, "\(errors)")
        #expect(errors[guessed]?.contains("unknown source 'guessed'") == true, "\(errors)")
    }

    @Test("results are told in ask order whatever order the answers arrive in")
    func askOrder() async throws {
        let batch = Array(Self.cells)
        let latencies = Dictionary(uniqueKeysWithValues: batch.enumerated().map { (Self.name($1), Double($0 + 1)) })
        let fleet = ScriptedFleet(Self.script(latency: latencies))
        let driver = try Self.driver(fleet, store: try Self.store())
        var strategy = ScriptedStrategy(targets: [LatencyTarget(device: "cpu", maxLatencyMs: 10)], batches: [batch])
        try await driver.run(&strategy, budget: 5) { _ in }

        let told = try #require(strategy.told.first)
        #expect(told.map(\.architecture) == batch)
        #expect(told.map { $0.latencyMs["cpu"] } == batch.map { latencies[Self.name($0)] })
        // The fleet answered each submission last job first.
        #expect(fleet.submitted.first?.count == batch.count)
    }

    @Test("the measurement bound stops the run with stoppedBy, and the cut batch is not told")
    func measurementBound() async throws {
        let fleet = ScriptedFleet(Self.script())
        let driver = try Self.driver(fleet, store: try Self.store())
        driver.measuredDevices = ["cpu"]
        driver.maxMeasurements = 2
        var strategy = ScriptedStrategy(
            targets: [LatencyTarget(device: "cpu", maxLatencyMs: 10)],
            batches: [Array(Self.cells.prefix(2)), Array(Self.cells.suffix(3))])
        try await driver.run(&strategy, budget: 5) { _ in }

        #expect(driver.stoppedBy == "max_measurements 2 reached on cpu")
        #expect(strategy.told.count == 1)
        #expect(fleet.jobs.count { $0.kind == .latency } == 2)
        #expect(driver.measurements["cpu"] == 2)
    }

    @Test("candidates a latency model decides are not measured; their prediction is stored")
    func screenedCandidates() async throws {
        let store = try Self.store()
        let fleet = ScriptedFleet(Self.script())
        let driver = try Self.driver(fleet, store: store)
        driver.measuredDevices = ["cpu"]
        let model = FixedScreeningModel(device: "cpu", limit: 10, predictionMs: 5)
        try driver.install(models: ["cpu": model])
        let batch = Array(Self.cells.prefix(3))
        var strategy = ScriptedStrategy(targets: [LatencyTarget(device: "cpu", maxLatencyMs: 10)], batches: [batch])
        try await driver.run(&strategy, budget: 3) { _ in }

        #expect(!fleet.jobs.contains { $0.kind == .latency })
        #expect(fleet.jobs.count { $0.kind == .accuracy } == batch.count)
        #expect(model.screened == batch.count)
        #expect(strategy.told.first?.map { $0.latencyMs["cpu"] } == batch.map { _ in 5 })
        let predicted = try store.evaluations().filter { $0.source == .predicted }
        #expect(Set(predicted.map(\.architecture)) == Set(batch.map(Self.name)))
    }
}
