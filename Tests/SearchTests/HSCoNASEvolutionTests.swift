import Foundation
import Search
import SearchSpace
import TestSupport
import Testing

@Suite("HSCoNAS evolution")
struct HSCoNASEvolutionTests {
    let space = SearchFixture.space

    @Test("every candidate lies in the mask in force when it was asked, and shrinking is logged")
    func respectsMask() {
        // Aggressive shrinking so the mask changes during a short run.
        let options = HSCoNASEvolution.Options(
            shrinking: ProgressiveSpaceShrinking(dropBelow: 0.9, minimumExpectedCount: 1, reference: .space))
        let settings = SearchSettings(seed: 4, budget: 300, targets: SearchFixture.target(12), shrinkEvery: 0.2)
        var strategy = HSCoNASEvolution(settings: settings, space: space, options: options)
        var outside = 0
        while !strategy.isFinished {
            let mask = strategy.mask
            let batch = strategy.ask()
            if batch.isEmpty { break }
            outside += batch.count { !mask.admits($0) }
            strategy.tell(SearchFixture.evaluate(batch, targets: strategy.targets))
        }
        #expect(outside == 0)
        #expect(!strategy.shrinkLog.isEmpty)
        #expect(strategy.mask.size < space.size)
        #expect(strategy.mask.allowed.allSatisfy { !$0.isEmpty })
        #expect(strategy.shrinkLog.last?.spaceSizeAfter == strategy.mask.size)
        for event in strategy.shrinkLog {
            #expect(event.spaceSizeAfter < event.spaceSizeBefore)
            #expect(!strategy.mask.allowed[event.position].contains(event.choice))
        }
    }

    @Test("batches are a generation: P candidates first, then only the replacements still needed")
    func generationBatches() {
        let settings = SearchSettings(seed: 2, budget: 500, targets: SearchFixture.target(12), population: 30)
        var strategy = HSCoNASEvolution(settings: settings, space: space)
        let batches = SearchFixture.run(&strategy)
        #expect(batches.first?.count == 30)
        #expect(batches.allSatisfy { $0.count <= 30 })
        // Replacement rounds may overshoot P feasible children a little, never a lot.
        #expect(strategy.generation >= 500 / (2 * 30))
        #expect(strategy.accuracyEvaluations == 500)
    }

    @Test("infeasible candidates cost no budget; the run spends exactly the budget")
    func budgetAccounting() {
        let settings = SearchSettings(seed: 8, budget: 200, targets: SearchFixture.target(10))
        var strategy = HSCoNASEvolution(settings: settings, space: space)
        var evaluated = 0
        var infeasible = 0
        while !strategy.isFinished {
            let batch = strategy.ask()
            if batch.isEmpty { break }
            let results = SearchFixture.evaluate(batch, targets: strategy.targets)
            evaluated += results.count { $0.accuracy != nil }
            infeasible += results.count { $0.accuracy == nil }
            strategy.tell(results)
            #expect(strategy.accuracyEvaluations == evaluated)
        }
        #expect(infeasible > 0)
        #expect(strategy.accuracyEvaluations == 200)
        #expect(strategy.candidatesSeen == 200 + infeasible)
        #expect((strategy.incumbent?.latencyMs["synthetic"] ?? .infinity) <= 10)
    }

    @Test("failed evaluations rank last, cost no budget and are never asked again")
    func failures() {
        let settings = SearchSettings(seed: 3, budget: 150, targets: SearchFixture.target(12))
        var strategy = HSCoNASEvolution(settings: settings, space: space)
        var asked = Set<Architecture>()
        var failedCount = 0
        while !strategy.isFinished {
            let batch = strategy.ask()
            if batch.isEmpty { break }
            for architecture in batch { #expect(asked.insert(architecture).inserted) }
            // Accuracy evaluations of cells with a 1x1 convolution on the first edge fail for good.
            let results = SearchFixture.evaluate(batch, targets: strategy.targets).map { result in
                guard result.architecture.genes[0] == 2, result.accuracy != nil else { return result }
                failedCount += 1
                return CandidateResult(architecture: result.architecture, latencyMs: result.latencyMs, accuracy: nil, failed: true)
            }
            strategy.tell(results)
        }
        #expect(failedCount > 0)
        #expect(strategy.accuracyEvaluations == 150)
        #expect(strategy.incumbent?.failed == false)
        #expect(strategy.incumbent?.architecture.genes[0] != 2)
    }

    @Test("a target nothing meets ends at maxCandidates with no incumbent")
    func impossibleTarget() {
        let settings = SearchSettings(
            seed: 1, budget: 100, targets: SearchFixture.target(0.5), maxCandidates: 700, stallWindow: 0)
        var strategy = HSCoNASEvolution(settings: settings, space: space)
        SearchFixture.run(&strategy)
        #expect(strategy.isFinished)
        #expect(strategy.candidatesSeen == 700)
        #expect(strategy.endReason == "max candidates 700 asked")
        #expect(strategy.accuracyEvaluations == 0)
        #expect(strategy.incumbent == nil)
        #expect(strategy.ask().isEmpty)
    }

    @Test("the hardware model learns an additive device")
    func hardwareModel() {
        let settings = SearchSettings(seed: 6, budget: 120, targets: SearchFixture.target(12))
        var strategy = HSCoNASEvolution(settings: settings, space: space)
        SearchFixture.run(&strategy)
        var generator = SeededGenerator(seed: 60)
        for _ in 0..<50 {
            let architecture = ChoiceMask(space: space).sample(using: &generator)
            let predicted = strategy.predictedLatencies(of: architecture)["synthetic"] ?? .infinity
            let truth = SearchFixture.latency(architecture)
            #expect(abs(predicted - truth) < 0.03 * truth)
        }
    }

    @Test("a run ends when no new candidate is left in the space")
    func exhaustsSpace() async throws {
        // Seconds of CPU in a debug build: off the cooperative pool, which socket tests need.
        try await offPool {
            // Only the all-none cell (1.6 ms) meets 1.7 ms, so the budget is never spent and the
            // candidate limit is above the size of the space: the search must stop by exhaustion.
            let settings = SearchSettings(
                seed: 5, budget: 10, targets: SearchFixture.target(1.7), population: 50, maxCandidates: 20_000,
                stallWindow: 0)
            let options = HSCoNASEvolution.Options(screeningTries: 2)
            var strategy = HSCoNASEvolution(settings: settings, space: space, options: options)
            var asked = Set<Architecture>()
            while !strategy.isFinished {
                let batch = strategy.ask()
                if batch.isEmpty { break }
                asked.formUnion(batch)
                strategy.tell(SearchFixture.evaluate(batch, targets: strategy.targets))
            }
            #expect(strategy.isFinished)
            #expect(asked.count == NB201Space.cellCount)
            #expect(strategy.candidatesSeen == NB201Space.cellCount)
            #expect(strategy.accuracyEvaluations == 1)
            #expect(strategy.incumbent?.architecture == Architecture(genes: [0, 0, 0, 0, 0, 0]))
            #expect(strategy.endReason == "no new candidate is left in the space")
        }
    }

    @Test("a search whose feasible region is used up ends on the stall rule with its reason, not at maxCandidates")
    func stall() {
        // Only the all-none cell meets 1.7 ms: after it, nothing new is feasible.
        let settings = SearchSettings(seed: 5, budget: 10, targets: SearchFixture.target(1.7), maxCandidates: 20_000)
        #expect(settings.stallWindow == 500)
        var strategy = HSCoNASEvolution(settings: settings, space: space)
        SearchFixture.run(&strategy)
        #expect(strategy.isFinished && strategy.ask().isEmpty)
        // Judged after every told batch (at most one population): it ends within a batch of the window.
        #expect(strategy.candidatesSeen >= 500 && strategy.candidatesSeen < 500 + settings.population)
        let reason = strategy.endReason ?? "none"
        #expect(reason.hasPrefix("stalled: ") && reason.contains("of the last 500 candidates"), "\(reason)")

        // A search that spends its budget has no end reason; the rule does not cut a healthy search.
        var healthy = HSCoNASEvolution(settings: SearchSettings(seed: 5, budget: 60, targets: SearchFixture.target(9)), space: space)
        SearchFixture.run(&healthy)
        #expect(healthy.accuracyEvaluations == 60 && healthy.endReason == nil)
    }

    @Test("a checkpoint from before the stall rule resumes without it")
    func stallRuleOldCheckpoint() throws {
        let settings = SearchSettings(seed: 5, budget: 10, targets: SearchFixture.target(1.7))
        var object = try #require(
            try JSONSerialization.jsonObject(with: JSONEncoder().encode(settings)) as? [String: Any])
        object["stallWindow"] = nil
        object["stallYield"] = nil
        object["budgetCountsInfeasible"] = nil
        let decoded = try JSONDecoder().decode(SearchSettings.self, from: JSONSerialization.data(withJSONObject: object))
        #expect(decoded.stallWindow == 0 && decoded.budget == 10 && decoded.maxCandidates == settings.maxCandidates)
        #expect(decoded.budgetCountsInfeasible)
    }
}
