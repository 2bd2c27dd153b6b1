import Search
import SearchSpace
import Testing

@Suite("synchronous driver")
struct SearchDriverTests {
    @Test("latency on every target first, accuracy only for candidates meeting all of them")
    func evaluationOrder() {
        let targets = [LatencyTarget(device: "x", maxLatencyMs: 5), LatencyTarget(device: "y", maxLatencyMs: 5)]
        let batch = (0..<4).map { Architecture(genes: [$0]) }
        var calls: [String] = []
        let results = SearchDriver.evaluate(
            batch, targets: targets, infeasibleToo: false,
            latency: { architecture, device in
                calls.append("lat \(architecture.genes[0]) \(device)")
                // Cell 1 misses y; cell 3's x measurement fails.
                if architecture.genes[0] == 3 && device == "x" { return nil }
                return architecture.genes[0] == 1 && device == "y" ? 9 : 4
            },
            accuracy: { architecture in
                calls.append("acc \(architecture.genes[0])")
                return Double(architecture.genes[0])
            })
        #expect(calls.prefix(8).allSatisfy { $0.hasPrefix("lat") })
        #expect(calls.suffix(from: 8) == ["acc 0", "acc 2"])
        #expect(results.map(\.architecture) == batch)
        #expect(results.map(\.accuracy) == [0, nil, 2, nil])
        #expect(results.map(\.failed) == [false, false, false, true])
        #expect(results[3].latencyMs["y"] == 4)
    }

    @Test("with needsAccuracyOfInfeasible every measured candidate gets an accuracy")
    func infeasibleToo() {
        let targets = [LatencyTarget(device: "x", maxLatencyMs: 1)]
        let results = SearchDriver.evaluate(
            [Architecture(genes: [0])], targets: targets, infeasibleToo: true, latency: { _, _ in 2 },
            accuracy: { _ in 70 })
        #expect(results[0].accuracy == 70)
    }

    @Test("runSynchronously runs a strategy to its end")
    func runsToEnd() {
        var strategy = RandomSearch(
            settings: SearchSettings(seed: 1, budget: 90, targets: SearchFixture.target(12), population: 25),
            space: SearchFixture.space)
        let batches = SearchDriver.runSynchronously(
            &strategy, latency: { architecture, _ in SearchFixture.latency(architecture) },
            accuracy: SearchFixture.accuracy)
        #expect(strategy.isFinished)
        #expect(strategy.accuracyEvaluations == 90)
        #expect(batches >= 4)
    }
}
