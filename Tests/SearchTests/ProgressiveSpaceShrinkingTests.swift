import Search
import SearchSpace
import Testing

@Suite("progressive space shrinking")
struct ProgressiveSpaceShrinkingTests {
    let space = NB201Space()

    /// Feasible candidates in which choice 4 never appears among the best at any position.
    func evaluated() -> [CandidateResult] {
        var generator = SeededGenerator(seed: 9)
        let mask = ChoiceMask(space: space)
        return (0..<400).map { _ in
            let architecture = mask.sample(using: &generator)
            let penalty = Double(architecture.genes.count { $0 == 4 }) * 10
            return CandidateResult(
                architecture: architecture, latencyMs: [:], accuracy: 90 - penalty + Double(architecture.genes[0]) * 0.1)
        }
    }

    @Test("drops the under-represented choice once per position and logs sizes before and after")
    func dropsAndLogs() {
        var mask = ChoiceMask(space: space)
        let shrinking = ProgressiveSpaceShrinking(dropBelow: 0.25, minimumExpectedCount: 5, reference: .space)
        let events = shrinking.step(mask: &mask, feasible: evaluated(), positions: space.positions, generation: 3)
        #expect(events.count == 6)
        #expect(events.map(\.position) == Array(0..<6))
        var size = 15_625.0
        for event in events {
            #expect(event.choice == 4)
            #expect(event.choiceName == "avg_pool_3x3")
            #expect(event.positionName == space.positions[event.position].name)
            #expect(event.generation == 3)
            #expect(event.score < 0.25)
            #expect(event.spaceSizeBefore == size)
            #expect(event.spaceSizeAfter == size / 5 * 4)
            size = event.spaceSizeAfter
        }
        #expect(mask.size == size)
        #expect(mask.allowed.allSatisfy { !$0.contains(4) })
    }

    @Test("never empties a position, however often it runs")
    func neverEmpties() {
        var mask = ChoiceMask(space: space)
        // Everything scores 0 against an impossible bar: each step drops one choice per position.
        let shrinking = ProgressiveSpaceShrinking(dropBelow: .infinity, minimumExpectedCount: 0)
        let feasible = evaluated()
        var log: [ShrinkEvent] = []
        for generation in 0..<10 {
            log += shrinking.step(mask: &mask, feasible: feasible, positions: space.positions, generation: generation)
            #expect(mask.allowed.allSatisfy { !$0.isEmpty })
        }
        #expect(mask.allowed.allSatisfy { $0.count == 1 })
        #expect(log.count == 6 * 4)
        #expect(mask.size == 1)
        for (previous, next) in zip(log, log.dropFirst()) { #expect(previous.spaceSizeAfter == next.spaceSizeBefore) }
    }

    @Test("needs enough evidence: a small top group drops nothing")
    func minimumEvidence() {
        var mask = ChoiceMask(space: space)
        let few = Array(evaluated().prefix(40))  // top 10 → 2 expected per choice
        let events = ProgressiveSpaceShrinking(minimumExpectedCount: 5).step(
            mask: &mask, feasible: few, positions: space.positions, generation: 0)
        #expect(events.isEmpty)
        #expect(mask == ChoiceMask(space: space))
    }

    @Test("the evaluated reference scores a choice against its share among evaluated candidates")
    func evaluatedReference() {
        let mask = ChoiceMask(space: space)
        let shrinking = ProgressiveSpaceShrinking(reference: .evaluated)
        let (scores, top) = shrinking.scores(mask: mask, feasible: evaluated())
        #expect(top == 100)
        #expect(scores.count == 6)
        #expect((scores[1][4] ?? 1) < 0.25)
        #expect((scores[1][0] ?? 0) > 1)
    }
}
