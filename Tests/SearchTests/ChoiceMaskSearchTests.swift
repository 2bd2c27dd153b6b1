@testable import Search
import SearchSpace
import Testing

@Suite("EA operators and the choice mask")
struct ChoiceMaskSearchTests {
    let space = NB201Space()

    func shrunk() -> ChoiceMask {
        var mask = ChoiceMask(space: space)
        _ = mask.remove(choice: 3, at: 0)
        _ = mask.remove(choice: 4, at: 0)
        _ = mask.remove(choice: 0, at: 2)
        return mask
    }

    @Test("mutation with p = 0 is the identity; mutants, children and repairs stay in the mask")
    func operatorsRespectMask() {
        let mask = shrunk()
        var generator = SeededGenerator(seed: 17)
        for _ in 0..<500 {
            let a = mask.sample(using: &generator)
            let b = mask.sample(using: &generator)
            #expect(mask.mutate(a, probability: 0, using: &generator) == a)
            #expect(mask.admits(mask.mutate(a, probability: 0.3, using: &generator)))
            let child = mask.crossover(a, b, using: &generator)
            #expect(mask.admits(child))
            for (gene, (x, y)) in zip(child.genes, zip(a.genes, b.genes)) { #expect(gene == x || gene == y) }
        }
    }

    @Test("repair replaces exactly the genes a shrunk mask no longer admits")
    func repairDroppedChoices() {
        let mask = shrunk()
        var generator = SeededGenerator(seed: 3)
        let parent = Architecture(genes: [3, 1, 0, 2, 2, 2])
        for _ in 0..<100 {
            let repaired = mask.repaired(parent, using: &generator)
            #expect(mask.admits(repaired))
            #expect(Array(repaired.genes[3...]) == [2, 2, 2])
            #expect(repaired.genes[1] == 1)
        }
    }

    @Test("the walk of a mask finds the first free architecture, and nil when none is left")
    func walk() {
        var mask = ChoiceMask(space: space)
        for position in 0..<6 {
            for choice in 2..<5 { _ = mask.remove(choice: choice, at: position) }
        }
        #expect(mask.size == 64)
        var taken = Set<Architecture>()
        while let next = mask.firstAdmitted(where: { !taken.contains($0) }) {
            #expect(mask.admits(next))
            #expect(taken.insert(next).inserted)
        }
        #expect(taken.count == 64)
    }
}
