import Benchmarks
import Foundation
import Testing

/// `hsconas bench search`'s knobs reach the searches: the JSON it writes records the benchmark that ran.
@Suite("bench search flags")
struct BenchSearchFlagsTests {
    @Test("every knob given on the command line is the one the searches ran with, as the JSON records it")
    func flagsReachTheBenchmark() async throws {
        let scratch = try Scratch.directory("bench-search-flags")
        let json = scratch.appendingPathComponent("result.json")
        // Every EA and decision knob differs from its default, so a flag that is dropped shows (--model stays
        // regression: the lazy rules need it).
        let process = try ChildProcess(
            [
                "bench", "search", "--strategies", "hsconas", "--targets", "raspi4@p50", "--seeds", "1", "--first-seed", "7",
                "--budget", "30", "--dataset", "cifar100", "--population", "12", "--parents", "4", "--mutation", "0.25",
                "--immigrants", "0.2", "--shrink-every", "0.5", "--min-utilization", "0.8", "--screening-margin", "0.1",
                "--repair-floor", "0.7", "--confidence", "1.5", "--lazy-all", "--confirm-top", "2", "--over-confidence", "1",
                "--feasible-budget", "--spike-rate", "0.1", "--spike-factor", "2.5", "--json", json.path,
            ], name: "bench-search-flags")
        #expect(try await process.waitForExit() == 0, "\(process.output)")
        let result = try JSONDecoder().decode(SearchBenchmarkResult.self, from: Data(contentsOf: json))
        let benchmark = try #require(result.benchmark)
        #expect(benchmark.strategies == [.hsconas] && benchmark.targets.map(\.label) == ["raspi4@p50"])
        #expect(benchmark.seeds == 1 && benchmark.firstSeed == 7 && benchmark.budget == 30 && benchmark.dataset == .cifar100)
        let settings = benchmark.baseSettings
        #expect(settings.population == 12 && settings.parents == 4 && settings.mutationProbability == 0.25)
        #expect(settings.shrinkEvery == 0.5 && !settings.budgetCountsInfeasible)
        #expect(settings.budget == 30 && settings.maxCandidates == 30 * 40, "the budget each search ran with")
        let options = benchmark.hsconasOptions
        #expect(options.immigrants == 0.2 && options.minimumUtilization == 0.8)
        #expect(options.screeningMargin == 0.1 && options.repairFloor == 0.7)
        #expect(benchmark.deviceModels && benchmark.confidence == 1.5 && benchmark.lazyBothSides && !benchmark.lazyConfirmation)
        #expect(benchmark.confirmTop == 2 && benchmark.overConfidence == 1)
        #expect(benchmark.spikeRate == 0.1 && benchmark.spikeFactor == 2.5)
        #expect(result.rows.count == 1 && result.rows.first?.regrets.count == 1)
    }
}
