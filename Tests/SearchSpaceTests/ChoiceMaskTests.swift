import Foundation
import SearchSpace
import Testing

@Suite("choice mask: sampling, mutation, crossover, shrinking")
struct ChoiceMaskTests {
    let space = NB201Space()

    @Test("samples, mutants and children stay inside a shrunk mask")
    func staysInsideMask() {
        var mask = ChoiceMask(space: space)
        let removedFirst = mask.remove(choice: 0, at: 0)
        let removedSecond = mask.remove(choice: 4, at: 3)
        #expect(removedFirst && removedSecond)
        #expect(mask.size == 4 * 4 * 5 * 5 * 5 * 5)
        var generator = SeededGenerator(seed: 3)
        for _ in 0..<2000 {
            let a = mask.sample(using: &generator)
            let b = mask.sample(using: &generator)
            #expect(mask.admits(a))
            #expect(mask.admits(mask.mutate(a, probability: 0.5, using: &generator)))
            #expect(mask.admits(mask.crossover(a, b, using: &generator)))
        }
    }

    @Test("mutation with probability 0 is the identity; with 1 every free gene changes")
    func mutationProbability() {
        let mask = ChoiceMask(space: space)
        var generator = SeededGenerator(seed: 11)
        let parent = Architecture(genes: [0, 1, 2, 3, 4, 0])
        #expect(mask.mutate(parent, probability: 0, using: &generator) == parent)
        let child = mask.mutate(parent, probability: 1, using: &generator)
        for (a, b) in zip(parent.genes, child.genes) { #expect(a != b) }
    }

    @Test("crossover takes every gene from one of the parents, and both parents contribute")
    func crossoverGenes() {
        let mask = ChoiceMask(space: space)
        var generator = SeededGenerator(seed: 5)
        let a = Architecture(genes: [0, 0, 0, 0, 0, 0])
        let b = Architecture(genes: [4, 4, 4, 4, 4, 4])
        var fromA = 0
        var fromB = 0
        for _ in 0..<200 {
            let child = mask.crossover(a, b, using: &generator)
            for gene in child.genes {
                #expect(gene == 0 || gene == 4)
                if gene == 0 { fromA += 1 } else { fromB += 1 }
            }
        }
        #expect(fromA > 400 && fromB > 400)
    }

    @Test("a position is never emptied")
    func neverEmpty() {
        var mask = ChoiceMask(space: space)
        for choice in 0..<5 { mask.remove(choice: choice, at: 2) }
        #expect(mask.allowed[2].count == 1)
        let last = mask.allowed[2][0]
        let removedLast = mask.remove(choice: last, at: 2)
        let removedOutside = mask.remove(choice: 1, at: 99)
        #expect(!removedLast && !removedOutside)
        #expect(mask.allowed[2] == [last])
    }

    @Test("the generator is reproducible and its state round-trips through JSON")
    func generatorState() throws {
        var a = SeededGenerator(seed: 42)
        _ = (0..<10).map { _ in a.next() }
        let data = try JSONEncoder().encode(a)
        var b = try JSONDecoder().decode(SeededGenerator.self, from: data)
        #expect((0..<100).map { _ in a.next() } == (0..<100).map { _ in b.next() })
        var c = SeededGenerator(seed: 43)
        var d = SeededGenerator(seed: 42)
        #expect(c.next() != d.next())
    }
}
