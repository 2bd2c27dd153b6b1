import SearchSpace

/// One step of progressive space shrinking (PSS), this project's reading of HSCoNAS (Docs/design.md §4).
///
/// For every position that still has more than one choice, each allowed choice gets a score: its
/// share among the top ``topFraction`` (a quarter) of all evaluated feasible candidates, divided by
/// its share of the space (``reference``). A score of 1 means the choice is as common among the
/// best as among the rest; 0 means it never appears among the best. The lowest-scoring choice of
/// a position is dropped when it is *clearly* under-represented:
/// - its score is below ``dropBelow`` (default 0.25: under a quarter of its fair share), and
/// - the top group is large enough that the choice was expected there at least
///   ``minimumExpectedCount`` times (`top count / allowed choices`, default 15), so a choice is
///   never dropped on the evidence of a handful of candidates. With five choices that needs 75
///   top candidates, i.e. 300 evaluated feasible ones.
///
/// At most one choice per position goes per step, and ``SearchSpace/ChoiceMask/remove(choice:at:)``
/// refuses to empty a position, so the space shrinks gradually and never below one choice.
///
/// Why "share of the space" defaults to the share among *evaluated feasible* candidates
/// (``Reference/evaluated``) rather than `1 / allowed choices` (``Reference/space``, Docs/design.md §4 read
/// literally), and why the thresholds are conservative: under a tight latency target an expensive
/// choice (nor_conv_3x3 on NAS-Bench-201) is rare among feasible candidates whatever its worth,
/// so the literal score condemns it everywhere, yet the constrained optimum usually holds one.
/// Measured on NAS-Bench-201 (CIFAR-10, budget 500, the 12 benchmark targets, seeds 100–149): with
/// the literal reference and an expected count of 5 the EA's mean regret was 0.117 points and 14 %
/// of runs missed the optimum by more than 0.3; with the evaluated reference and 5, 0.071 and 9 %;
/// with the defaults, 0.049 and 4 %; without shrinking, 0.044 and 3 %. On a space that small
/// shrinking cannot pay; the defaults keep it from doing harm, and it bites on large spaces and
/// budgets, where the top group is big.
public struct ProgressiveSpaceShrinking: Sendable, Codable, Hashable {
    /// Share of the evaluated feasible candidates, best first, that forms the top group.
    public var topFraction: Double
    /// A choice whose score is below this is under-represented.
    public var dropBelow: Double
    /// The expected count of a choice in the top group must reach this before it can be dropped.
    public var minimumExpectedCount: Double
    /// What a choice's share among the best is compared with.
    public var reference: Reference

    /// The share a choice's top-group share is divided by.
    public enum Reference: String, Sendable, Codable, Hashable {
        /// `1 / allowed choices`: its share of the (current) space, Docs/design.md §4 read literally.
        case space
        /// Its share among all evaluated feasible candidates: the space as the search has seen
        /// it under the constraints.
        case evaluated
    }

    /// Defaults: the top quarter, drop under 0.25, an expected count of 15, the evaluated reference.
    public init(
        topFraction: Double = 0.25, dropBelow: Double = 0.25, minimumExpectedCount: Double = 15,
        reference: Reference = .evaluated
    ) {
        self.reference = reference
        self.topFraction = topFraction
        self.dropBelow = dropBelow
        self.minimumExpectedCount = minimumExpectedCount
    }

    /// Scores of each allowed choice per position (`scores[position][choice]`, nil for choices the
    /// mask no longer admits) and the size of the top group they were computed on.
    public func scores(mask: ChoiceMask, feasible: [CandidateResult]) -> (scores: [[Int: Double]], topCount: Int) {
        let top = topGroup(of: feasible)
        var scores: [[Int: Double]] = []
        for (position, choices) in mask.allowed.enumerated() {
            var counts: [Int: Int] = [:]
            for candidate in top where candidate.architecture.genes.indices.contains(position) {
                counts[candidate.architecture.genes[position], default: 0] += 1
            }
            var seen: [Int: Int] = [:]
            var seenAllowed = 0
            for candidate in feasible where candidate.architecture.genes.indices.contains(position) {
                let gene = candidate.architecture.genes[position]
                guard choices.contains(gene) else { continue }
                seen[gene, default: 0] += 1
                seenAllowed += 1
            }
            var row: [Int: Double] = [:]
            for choice in choices {
                let topShare = top.isEmpty ? 0 : Double(counts[choice] ?? 0) / Double(top.count)
                let share: Double
                switch reference {
                case .space: share = 1 / Double(choices.count)
                case .evaluated: share = seenAllowed == 0 ? 1 / Double(choices.count) : Double(seen[choice] ?? 0) / Double(seenAllowed)
                }
                row[choice] = share > 0 ? topShare / share : 1
            }
            scores.append(row)
        }
        return (scores, top.count)
    }

    /// Applies one step to `mask` and returns the events, one per dropped choice.
    ///
    /// - Parameters:
    ///   - feasible: every evaluated feasible candidate (any order; ties in accuracy keep it).
    ///   - positions: the space's positions, for the names in the log.
    ///   - generation: the generation after which the step happens, for the log.
    ///   - only: the positions that may shrink (nil: all); spos shrinks its block choices only.
    public func step(
        mask: inout ChoiceMask, feasible: [CandidateResult], positions: [SearchPosition], generation: Int,
        only: Set<Int>? = nil
    ) -> [ShrinkEvent] {
        let (scores, topCount) = scores(mask: mask, feasible: feasible)
        var events: [ShrinkEvent] = []
        for position in mask.allowed.indices where only?.contains(position) ?? true {
            let choices = mask.allowed[position]
            guard choices.count > 1,
                Double(topCount) / Double(choices.count) >= minimumExpectedCount
            else { continue }
            // Lowest score; ties go to the lower choice index, deterministically.
            var worst: (choice: Int, score: Double)?
            for choice in choices {
                let score = scores[position][choice] ?? 0
                if score < (worst?.score ?? .infinity) { worst = (choice, score) }
            }
            guard let worst, worst.score < dropBelow else { continue }
            let before = mask.size
            guard mask.remove(choice: worst.choice, at: position) else { continue }
            let names = positions.indices.contains(position) ? positions[position] : nil
            events.append(
                ShrinkEvent(
                    generation: generation, position: position, positionName: names?.name ?? "position \(position)",
                    choice: worst.choice,
                    choiceName: names.flatMap { $0.choices.indices.contains(worst.choice) ? $0.choices[worst.choice] : nil }
                        ?? "choice \(worst.choice)",
                    score: worst.score, spaceSizeBefore: before, spaceSizeAfter: mask.size))
        }
        return events
    }

    /// The best `topFraction` of `feasible` by accuracy (at least one when any exist).
    func topGroup(of feasible: [CandidateResult]) -> [CandidateResult] {
        let ranked = feasible.enumerated().sorted { lhs, rhs in
            let a = lhs.element.accuracy ?? -.infinity
            let b = rhs.element.accuracy ?? -.infinity
            return a != b ? a > b : lhs.offset < rhs.offset
        }
        let count = feasible.isEmpty ? 0 : Swift.max(1, Int((Double(feasible.count) * topFraction).rounded(.up)))
        return ranked.prefix(count).map(\.element)
    }
}
