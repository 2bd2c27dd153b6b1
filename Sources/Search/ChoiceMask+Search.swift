import SearchSpace

extension ChoiceMask {
    /// `architecture` with every gene the mask no longer admits replaced by a uniformly random
    /// allowed choice. Parents found before a shrinking step may carry dropped choices; their
    /// children must not.
    func repaired(_ architecture: Architecture, using generator: inout SeededGenerator) -> Architecture {
        var genes = architecture.genes
        for position in genes.indices where position < allowed.count && !allowed[position].contains(genes[position]) {
            let choices = allowed[position]
            genes[position] = choices[Int(generator.next() % UInt64(choices.count))]
        }
        return Architecture(genes: genes)
    }

    /// A uniform sample that `isFree` accepts: up to 256 draws, then a walk of the space in order
    /// (when nearly everything was asked already). Nil when no admitted architecture is free.
    func freshSample(using generator: inout SeededGenerator, where isFree: (Architecture) -> Bool) -> Architecture? {
        for _ in 0..<256 {
            let candidate = sample(using: &generator)
            if isFree(candidate) { return candidate }
        }
        return firstAdmitted(where: isFree)
    }

    /// The first admitted architecture, in lexicographic gene order, for which `isTaken` is false;
    /// nil when there is none or the mask admits too many architectures to walk (more than
    /// `limit`). The last resort when random draws keep hitting architectures already asked.
    func firstAdmitted(where isFree: (Architecture) -> Bool, limit: Double = 1_048_576) -> Architecture? {
        guard size <= limit, !allowed.isEmpty else { return nil }
        var digits = [Int](repeating: 0, count: allowed.count)
        while true {
            let candidate = Architecture(genes: zip(digits, allowed).map { digit, choices in choices[digit] })
            if isFree(candidate) { return candidate }
            // Odometer increment, last position fastest.
            var position = allowed.count - 1
            while position >= 0 {
                digits[position] += 1
                if digits[position] < allowed[position].count { break }
                digits[position] = 0
                position -= 1
            }
            if position < 0 { return nil }
        }
    }
}
