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
    static func cost(models: Bool, lazy: Bool = false, lazyAll: Bool = false) throws -> (measured: Int, unanswered: Int, regrets: [Double]) {
        let table = try NB201Table.bundled()
        var benchmark = SearchBenchmark(
            targets: [SearchBenchmarkTarget(device: "raspi4", percentile: 50)], strategies: [.hsconas], seeds: 2,
            budget: 150, deviceModels: models)
        benchmark.lazyConfirmation = lazy
        benchmark.lazyBothSides = lazyAll
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
}
