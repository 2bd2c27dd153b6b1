import Benchmarks
import Orchestrator
import Testing

@Suite("bench search: standing against the regret aims")
struct SearchBenchmarkAimSummaryTests {
    private func row(_ label: String, _ strategy: StrategyKind, regrets: [Double], measurements: [[Int]]) throws -> SearchBenchmarkRow {
        let target = try #require(SearchBenchmarkTarget(label: label))
        return SearchBenchmarkRow(
            target: target, strategy: strategy, limitsMs: target.limits.map { _ in 10 }, optimumValidAccuracy: 90,
            regrets: regrets, candidates: regrets.map { _ in 100 }, measurements: measurements)
    }

    /// Optimum − found accuracy as the table stores them (single precision), in points.
    private func floatRegret(_ optimum: Float, _ found: Float) -> Double { Double(optimum) - Double(found) }

    @Test("a target meets the median aim at ≤ 0.05 and the worst aim at ≤ 0.2, a float's width over included")
    func counts() throws {
        let rows = [
            // Median 0.05 and worst 0.2 as single-precision accuracies give them: both aims met.
            try row("raspi4@p25", .hsconas, regrets: [0, floatRegret(90.05, 90), floatRegret(85.01, 84.81)], measurements: [[70], [80], [90]]),
            // Just over the aims by more than a float's width: neither met.
            try row("titanxp_1@p25", .hsconas, regrets: [0.0501, 0.0501, 0.2001], measurements: [[1], [1], [1]]),
            // Median 0.1: the median aim missed; worst 0.1: the worst aim met.
            try row("pixel3@p25", .hsconas, regrets: [0.1, 0.1, 0.1], measurements: [[10], [10], [10]]),
            // Median 0, one seed at 0.25: the worst aim missed. The pair's dearer device is the second.
            try row("raspi4@p25+gold_6240@p25", .hsconas, regrets: [0, 0, 0.25], measurements: [[50, 95], [60, 96], [40, 97]]),
            try row("raspi4@p25", .random, regrets: [0.3, 0.3, 0.3], measurements: []),
        ]
        let result = SearchBenchmarkResult(dataset: "cifar10", budget: 500, seeds: 3, rows: rows, wallSeconds: 1)
        let summaries = result.aimSummaries
        #expect(summaries.map(\.strategy) == [.hsconas, .random])
        let hsconas = summaries[0]
        #expect(hsconas.targets == 4)
        #expect(hsconas.meetingMedianAim == 2)
        #expect(hsconas.meetingWorstAim == 2)
        #expect(hsconas.dearestTarget == "raspi4@p25+gold_6240@p25")
        #expect(hsconas.dearestMedianMeasurements == 96)
        let random = summaries[1]
        #expect(random.meetingMedianAim == 0 && random.meetingWorstAim == 0)
        #expect(random.dearestTarget == nil)
        let text = result.markdown()
        let lines = text.split(separator: "\n").map(String.init)
        #expect(lines.contains("- hsconas: median regret ≤ 0.05 on 2 of 4 targets, worst ≤ 0.2 on 2 of 4; dearest device 96 measurements per search (median, raspi4@p25+gold_6240@p25)"), "\(text)")
        #expect(lines.contains("- random: median regret ≤ 0.05 on 0 of 1 targets, worst ≤ 0.2 on 0 of 1"), "\(text)")
    }
}
