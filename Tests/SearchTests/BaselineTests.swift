import Search
import SearchSpace
import Testing

@Suite("random search and regularized evolution")
struct BaselineTests {
    let space = SearchFixture.space

    @Test("random search asks batches of P, spends exactly the budget, infeasible ones free")
    func randomSearch() {
        let settings = SearchSettings(seed: 12, budget: 230, targets: SearchFixture.target(10), population: 40)
        var strategy = RandomSearch(settings: settings, space: space)
        let batches = SearchFixture.run(&strategy)
        #expect(batches.first?.count == 40)
        #expect(batches.allSatisfy { $0.count <= 40 })
        #expect(strategy.accuracyEvaluations == 230)
        #expect(strategy.candidatesSeen > 230)
        #expect(strategy.incumbent.map { SearchFixture.latency($0.architecture) <= 10 } == true)
        #expect(strategy.shrinkLog.isEmpty)
    }

    @Test("regularized evolution asks one child at a time by default, and batchSize when set")
    func regularizedEvolutionBatches() {
        let settings = SearchSettings(seed: 13, budget: 150, targets: SearchFixture.target(12), population: 20, parents: 5)
        var single = RegularizedEvolution(settings: settings, space: space)
        let singleBatches = SearchFixture.run(&single)
        #expect(singleBatches.first?.count == 20)
        #expect(singleBatches.suffix(from: 3).allSatisfy { $0.count == 1 })
        #expect(single.accuracyEvaluations == 150)

        var batched = RegularizedEvolution(settings: settings, space: space, batchSize: 8)
        let batches = SearchFixture.run(&batched)
        #expect(batches.suffix(from: 3).dropLast().allSatisfy { $0.count == 8 || $0.count < 8 && batched.isFinished })
        #expect(batched.accuracyEvaluations == 150)
    }

    @Test("regularized evolution beats random search on a smooth landscape")
    func evolutionHelps() {
        var wins = 0
        for seed in 0..<5 {
            let settings = SearchSettings(seed: UInt64(seed), budget: 120, targets: SearchFixture.target(14), population: 20, parents: 5)
            var evolution = RegularizedEvolution(settings: settings, space: space)
            var random = RandomSearch(settings: settings, space: space)
            SearchFixture.run(&evolution)
            SearchFixture.run(&random)
            if (evolution.incumbent?.accuracy ?? 0) >= (random.incumbent?.accuracy ?? 0) { wins += 1 }
        }
        #expect(wins >= 4)
    }

    @Test("a target nothing meets ends at maxCandidates with no incumbent, for every strategy")
    func impossibleTarget() {
        let settings = SearchSettings(seed: 1, budget: 50, targets: SearchFixture.target(0.5), maxCandidates: 333)
        for var strategy in SearchFixture.strategies(settings) {
            SearchFixture.run(&strategy)
            #expect(strategy.isFinished, "\(strategy.name)")
            #expect(strategy.candidatesSeen == 333, "\(strategy.name)")
            #expect(strategy.incumbent == nil, "\(strategy.name)")
            #expect(strategy.accuracyEvaluations == 0, "\(strategy.name)")
            #expect(strategy.ask().isEmpty, "\(strategy.name)")
        }
    }

    @Test("no strategy asks an architecture twice in a whole run")
    func noDuplicates() {
        let settings = SearchSettings(seed: 21, budget: 600, targets: SearchFixture.target(9), population: 30, parents: 8)
        for var strategy in SearchFixture.strategies(settings) {
            let asked = SearchFixture.run(&strategy).flatMap { $0 }
            #expect(Set(asked).count == asked.count, "\(strategy.name)")
            #expect(asked.count == strategy.candidatesSeen, "\(strategy.name)")
        }
    }
}
