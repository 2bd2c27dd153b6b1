import Search
import SearchSpace
import Testing

@Suite("progressive space shrinking on spos")
struct SPOSShrinkingTests {
    let space = SPOSSpace()

    @Test("shrinking block choices over many steps never empties a layer and never touches channels")
    func neverEmpties() {
        var mask = ChoiceMask(space: space)
        var generator = SeededGenerator(seed: 21)
        // Drops the worst choice of every position at every step, on evidence that keeps changing.
        let shrinking = ProgressiveSpaceShrinking(dropBelow: 100, minimumExpectedCount: 0.1, reference: .space)
        let blocks = Set(space.operatorPositions)
        var events: [ShrinkEvent] = []
        for step in 0..<12 {
            let feasible = (0..<200).map { _ in
                let architecture = mask.sample(using: &generator)
                return CandidateResult(
                    architecture: architecture, latencyMs: [:], accuracy: Double(generator.next() % 1000) / 10)
            }
            let before = mask.size
            let taken = shrinking.step(mask: &mask, feasible: feasible, positions: space.positions, generation: step, only: blocks)
            events += taken
            if let last = taken.last { #expect(last.spaceSizeAfter == mask.size && mask.size < before) }
            #expect(mask.allowed.allSatisfy { !$0.isEmpty })
        }
        #expect(events.allSatisfy { blocks.contains($0.position) && $0.positionName.hasSuffix("block") })
        for position in space.operatorPositions { #expect(mask.allowed[position].count == 1) }
        for position in space.channelPositions { #expect(mask.allowed[position] == Array(0..<SPOSSpace.ratios.count)) }
        #expect(events.count == 3 * SPOSSpace.layerCount)
    }

    @Test("an HSCoNAS search on spos shrinks block choices only and logs the space size over time")
    func searchShrinksBlocks() {
        let device = SPOSFixture()
        let settings = SearchSettings(
            seed: 6, budget: 200, targets: [LatencyTarget(device: device.device, maxLatencyMs: 8)], population: 25,
            parents: 5, shrinkEvery: 0.25)
        let options = HSCoNASEvolution.Options(
            shrinking: ProgressiveSpaceShrinking(dropBelow: 0.6, minimumExpectedCount: 2), channelScaling: true)
        var strategy = HSCoNASEvolution(settings: settings, space: space, options: options)
        device.run(&strategy)
        let log = strategy.shrinkLog
        #expect(!log.isEmpty)
        let blocks = Set(space.operatorPositions)
        #expect(log.allSatisfy { blocks.contains($0.position) && SPOSSpace.blocks.contains($0.choiceName) })
        #expect(zip(log, log.dropFirst()).allSatisfy { $0.spaceSizeAfter == $1.spaceSizeBefore })
        #expect(strategy.mask.allowed.allSatisfy { !$0.isEmpty })
        // Asked candidates after a shrink never carry a dropped block.
        #expect(strategy.scalingLog.allSatisfy { event in
            log.filter { $0.generation < event.generation }.allSatisfy { event.after.genes[$0.position] != $0.choice }
        })
    }
}
