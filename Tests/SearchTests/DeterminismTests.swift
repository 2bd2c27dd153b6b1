import Foundation
import Search
import SearchSpace
import Testing

@Suite("determinism and checkpoints")
struct DeterminismTests {
    /// A checkpoint: the strategy through JSON and back, as the store keeps it.
    func roundTrip<Strategy: SearchStrategy>(_ strategy: Strategy) throws -> Strategy {
        try JSONDecoder().decode(Strategy.self, from: try JSONEncoder().encode(strategy))
    }

    let settings = SearchSettings(seed: 77, budget: 300, targets: SearchFixture.target(11), population: 25, parents: 6)

    @Test("the same seed and results give the same asks, for every strategy")
    func sameSeedSameAsks() {
        for (first, second) in zip(SearchFixture.strategies(settings), SearchFixture.strategies(settings)) {
            var a = first
            var b = second
            let asksA = SearchFixture.run(&a)
            let asksB = SearchFixture.run(&b)
            #expect(asksA == asksB, "\(a.name)")
            #expect(a.incumbent == b.incumbent, "\(a.name)")
            #expect(a.shrinkLog == b.shrinkLog, "\(a.name)")
        }
        var other = settings
        other.seed = 78
        var a = HSCoNASEvolution(settings: settings, space: SearchFixture.space)
        var b = HSCoNASEvolution(settings: other, space: SearchFixture.space)
        #expect(SearchFixture.run(&a, stopAfter: 1) != SearchFixture.run(&b, stopAfter: 1))
    }

    @Test("results computed in any order but told in ask order give the same search")
    func orderOfArrival() {
        for (first, second) in zip(SearchFixture.strategies(settings), SearchFixture.strategies(settings)) {
            var reference = first
            let referenceAsks = SearchFixture.run(&reference)

            var shuffled = second
            var asks: [[Architecture]] = []
            var shuffler = SeededGenerator(seed: 5)
            while !shuffled.isFinished {
                let batch = shuffled.ask()
                if batch.isEmpty { break }
                asks.append(batch)
                // Workers answer in a random order; the driver re-sorts into ask order.
                var arrived: [Architecture: CandidateResult] = [:]
                for architecture in batch.shuffled(using: &shuffler) {
                    arrived[architecture] = SearchFixture.evaluate([architecture], targets: shuffled.targets)[0]
                }
                shuffled.tell(batch.compactMap { arrived[$0] })
            }
            #expect(asks == referenceAsks, "\(reference.name)")
            #expect(shuffled.incumbent == reference.incumbent, "\(reference.name)")
            #expect(shuffled.accuracyEvaluations == reference.accuracyEvaluations, "\(reference.name)")
        }
    }

    @Test("a strategy encoded to JSON mid-run resumes exactly, for every strategy")
    func checkpointResume() throws {
        for (first, second) in zip(SearchFixture.strategies(settings), SearchFixture.strategies(settings)) {
            var uninterrupted = first
            let allAsks = SearchFixture.run(&uninterrupted)

            var interrupted = second
            var asks = SearchFixture.run(&interrupted, stopAfter: 7)
            var resumed = try roundTrip(interrupted)
            #expect(resumed.accuracyEvaluations == interrupted.accuracyEvaluations)
            asks += SearchFixture.run(&resumed)
            #expect(asks == allAsks, "\(uninterrupted.name)")
            #expect(resumed.incumbent == uninterrupted.incumbent, "\(uninterrupted.name)")
            #expect(resumed.generation == uninterrupted.generation, "\(uninterrupted.name)")
            #expect(resumed.shrinkLog == uninterrupted.shrinkLog, "\(uninterrupted.name)")
        }
    }
}
