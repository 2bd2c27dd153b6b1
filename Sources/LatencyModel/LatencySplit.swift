import SearchSpace

/// A seeded split of a table's rows into the networks a model is fitted on and those it is
/// scored on.
public struct LatencySplit: Sendable, Hashable {
    /// Row indices to fit on, in the order drawn.
    public let training: [Int]
    /// Every other row index, ascending.
    public let heldOut: [Int]

    /// Draws `trainingCount` of `rowCount` rows uniformly without replacement (a partial
    /// Fisher–Yates on ``SeededGenerator``: the same seed gives the same rows on every platform).
    public init(rowCount: Int, trainingCount: Int, seed: UInt64) {
        precondition(trainingCount >= 0 && trainingCount <= rowCount, "cannot draw \(trainingCount) of \(rowCount) rows")
        var generator = SeededGenerator(seed: seed)
        var rows = Array(0..<rowCount)
        for index in 0..<trainingCount {
            rows.swapAt(index, index + Int(generator.next() % UInt64(rowCount - index)))
        }
        training = Array(rows[..<trainingCount])
        heldOut = rows[trainingCount...].sorted()
    }
}
