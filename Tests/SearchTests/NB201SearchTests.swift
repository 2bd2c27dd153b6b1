import BenchmarkData
import Search
import SearchSpace
import Testing

@Suite("searches on the NAS-Bench-201 table")
struct NB201SearchTests {
    @Test("a budget-200 HSCoNAS search finds a feasible cell close to the constrained optimum")
    func smallSearch() throws {
        let table = try #require(SearchFixture.table)
        let oracle = try NB201Oracle(table: table, dataset: .cifar10)
        let limit = try oracle.latencyPercentile(50, device: "gold_6240")
        let targets = [LatencyTarget(device: "gold_6240", maxLatencyMs: limit)]
        let optimum = try #require(try oracle.optimum(limits: [("gold_6240", limit)]))
        var regrets: [Double] = []
        for seed in 0..<3 {
            var strategy = HSCoNASEvolution(
                settings: SearchSettings(seed: UInt64(seed), budget: 200, targets: targets), space: NB201Space())
            SearchDriver.runSynchronously(
                &strategy, latency: { architecture, device in try? oracle.latency(architecture, device: device) },
                accuracy: { oracle.validAccuracy($0) })
            let incumbent = try #require(strategy.incumbent)
            #expect(try oracle.latency(incumbent.architecture, device: "gold_6240") <= limit)
            #expect(incumbent.accuracy == oracle.validAccuracy(incumbent.architecture))
            #expect(strategy.accuracyEvaluations == 200)
            regrets.append(optimum.validAccuracy - (incumbent.accuracy ?? 0))
        }
        #expect(regrets.allSatisfy { $0 >= 0 && $0 < 0.6 })
        #expect(regrets.sorted()[1] < 0.3)
    }
}
