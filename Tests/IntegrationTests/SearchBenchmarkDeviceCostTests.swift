import BenchmarkData
import Benchmarks
import Orchestrator
import Search
import Testing

/// `hsconas bench search`'s device side: each rule of asking the device costs it fewer
/// measurements than the one before, and every answer still holds on the table's real latencies.
/// Seeded and single-threaded per search, so the counts are the same on every run.
@Suite("bench search: what each rule costs the device")
struct SearchBenchmarkDeviceCostTests {
    /// Measurements per search (summed over seeds) and unconfirmed answers of one rule.
    static func cost(
        models: Bool, lazy: Bool = false, lazyAll: Bool = false, spikes: (rate: Double, factor: Double) = (0, 1.8),
        singleReadings: Bool = false
    ) throws -> (measured: Int, unanswered: Int, regrets: [Double]) {
        let table = try NB201Table.bundled()
        var benchmark = SearchBenchmark(
            targets: [SearchBenchmarkTarget(device: "raspi4", percentile: 50)], strategies: [.hsconas], seeds: 2,
            budget: 150, deviceModels: models)
        benchmark.lazyConfirmation = lazy
        benchmark.lazyBothSides = lazyAll
        benchmark.spikeRate = spikes.rate
        benchmark.spikeFactor = spikes.factor
        benchmark.readsUnexpectedAgain = !singleReadings
        let row = try #require(try benchmark.run(table: table).rows.first)
        return (row.measurements.map { $0.reduce(0, +) }.reduce(0, +), row.unanswered, row.regrets)
    }

    @Test("look up everything > decide on the interval > lazy under the limit > lazy on both sides; every answer confirmed")
    func fewerMeasurementsPerRule() throws {
        let none = try Self.cost(models: false)
        let interval = try Self.cost(models: true)
        let lazy = try Self.cost(models: true, lazy: true)
        let lazyAll = try Self.cost(models: true, lazyAll: true)
        #expect(none.measured > interval.measured, "none \(none.measured), interval \(interval.measured)")
        #expect(interval.measured > lazy.measured, "interval \(interval.measured), lazy \(lazy.measured)")
        #expect(lazy.measured > lazyAll.measured, "lazy \(lazy.measured), lazy-all \(lazyAll.measured)")
        for rule in [none, interval, lazy, lazyAll] {
            #expect(rule.unanswered == 0)
            #expect(rule.regrets.allSatisfy { $0.isFinite && $0 >= 0 }, "\(rule.regrets)")
        }
    }

    @Test("measurements taken in load spikes cost the device more and can reject answers, never pass an infeasible one")
    func spikedMeasurements() throws {
        // Read once each, spiked readings widen the model's interval, so more candidates are measured.
        let clean = try Self.cost(models: true, lazyAll: true, singleReadings: true)
        let spiked = try Self.cost(models: true, lazyAll: true, spikes: (0.3, 1.8), singleReadings: true)
        #expect(spiked.measured > clean.measured, "clean \(clean.measured), spiked \(spiked.measured)")
        #expect(spiked.unanswered == 0 && spiked.regrets.allSatisfy { $0.isFinite && $0 >= 0 }, "\(spiked.regrets)")
        // Read again where a reading is over the limit and the interval, the faster kept.
        let again = try Self.cost(models: true, lazyAll: true, spikes: (0.3, 1.8))
        #expect(again.unanswered == 0 && again.regrets.allSatisfy { $0.isFinite && $0 >= 0 }, "\(again.regrets)")
        // Every measurement 10,000× over (the fastest cell, 0.011 ms, reads 113 ms against 25.7): nothing
        // measured meets the limit, so nothing is answered.
        let wild = try Self.cost(models: true, lazyAll: true, spikes: (1, 10_000))
        #expect(wild.unanswered == 2, "\(wild.unanswered) of 2 searches answered on spiked measurements")
    }

    @Test("a budget of feasible candidates: lazy on both sides evaluates more than the budget, never more feasible ones")
    func feasibleBudget() throws {
        let table = try NB201Table.bundled()
        func run(feasibleOnly: Bool) throws -> SearchBenchmarkRow {
            var settings = SearchSettings()
            settings.budgetCountsInfeasible = !feasibleOnly
            var benchmark = SearchBenchmark(
                targets: [SearchBenchmarkTarget(device: "raspi4", percentile: 50)], strategies: [.hsconas], seeds: 2,
                budget: 150, baseSettings: settings)
            benchmark.lazyBothSides = true
            return try #require(try benchmark.run(table: table).rows.first)
        }
        let counted = try run(feasibleOnly: false)
        let feasibleOnly = try run(feasibleOnly: true)
        // Every evaluation counts: exactly the budget. Feasible only: the infeasible ones come on top.
        #expect(counted.evaluations == [150, 150], "\(counted.evaluations)")
        #expect(feasibleOnly.evaluations.allSatisfy { $0 > 150 }, "\(feasibleOnly.evaluations)")
        #expect(feasibleOnly.unanswered == 0)
    }

    @Test("each seed says what became of the optimum: found exactly when its regret is 0, never ruled out without a model")
    func optimumFates() throws {
        let table = try NB201Table.bundled()
        func result(models: Bool) throws -> SearchBenchmarkResult {
            var benchmark = SearchBenchmark(
                targets: [SearchBenchmarkTarget(device: "titanxp_1", percentile: 25)], strategies: [.hsconas], seeds: 3,
                budget: 150, deviceModels: models)
            benchmark.lazyBothSides = models
            return try benchmark.run(table: table)
        }
        for models in [false, true] {
            let result = try result(models: models)
            let row = try #require(result.rows.first)
            #expect(row.optimumFates.count == 3, "\(row.optimumFates)")
            for (fate, regret) in zip(row.optimumFates, row.regrets) {
                #expect((fate == .found) == (regret <= 1e-9), "\(fate) at regret \(regret)")
            }
            // Looked up on the table, the optimum is feasible: asked means evaluated, and evaluated means found.
            if !models {
                #expect(row.seedCount(with: .ruledOut) == 0 && row.seedCount(with: .evaluated) == 0, "\(row.optimumFates)")
            }
            let cell = "| \(row.seedCount(with: .ruledOut)) / \(row.seedCount(with: .notAsked)) / \(row.seedCount(with: .evaluated)) |"
            #expect(result.markdown().contains(cell), "\(result.markdown())")
        }
    }

    @Test("a model confidently wrong at the limit rules the optimum out, and the row says so")
    func optimumRuledOut() throws {
        // titanxp_1@p25, seeds 1 and 2 (BENCHMARKS.md): the optimum (cell 6391, 8.141 ms against 8.265) is predicted at
        // 8.75 / 9.49 ms with its ±2σ interval wholly over the limit, so it is asked and never evaluated.
        var settings = SearchSettings()
        settings.budgetCountsInfeasible = false
        var benchmark = SearchBenchmark(
            targets: [SearchBenchmarkTarget(device: "titanxp_1", percentile: 25)], strategies: [.hsconas], seeds: 2,
            firstSeed: 1, budget: 500, baseSettings: settings)
        benchmark.lazyBothSides = true
        let row = try #require(try benchmark.run(table: try NB201Table.bundled()).rows.first)
        #expect(row.optimumFates == [.ruledOut, .ruledOut], "\(row.optimumFates), regrets \(row.regrets)")
    }

    @Test("a missed optimum is told apart: evaluated, ruled out on a model, or never asked")
    func optimumFateRule() {
        #expect(SearchBenchmarkOptimumFate(regret: 0, asked: true, evaluated: true) == .found)
        #expect(SearchBenchmarkOptimumFate(regret: 0.2, asked: true, evaluated: true) == .evaluated)
        #expect(SearchBenchmarkOptimumFate(regret: 0.2, asked: true, evaluated: false) == .ruledOut)
        #expect(SearchBenchmarkOptimumFate(regret: 0.2, asked: false, evaluated: false) == .notAsked)
    }

    @Test("targets parse from their labels; malformed ones are refused")
    func targetLabels() {
        let pair = SearchBenchmarkTarget(label: "raspi4@p25+gold_6240@p12.5")
        #expect(pair?.limits == [.init(device: "raspi4", percentile: 25), .init(device: "gold_6240", percentile: 12.5)])
        #expect(pair?.label == "raspi4@p25+gold_6240@p12.5")
        for bad in ["raspi4", "raspi4@25", "raspi4@p101", "@p25", "raspi4@p25+", "raspi4@px"] {
            #expect(SearchBenchmarkTarget(label: bad) == nil, "\(bad)")
        }
    }
}
