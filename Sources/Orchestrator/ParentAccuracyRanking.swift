/// The `parents` best accuracies of candidates told feasible on confirmed figures (measured,
/// replayed, or decided by a model's interval): a lazily decided candidate (`decide: lazy`) is
/// measured only when its accuracy would rank among them — only then could it become a parent.
struct ParentAccuracyRanking {
    /// How many best accuracies are kept (the strategy's `parents`).
    var parents: Int
    /// The best accuracies so far, best first, at most `parents`.
    private(set) var best: [Double] = []

    init(parents: Int) {
        self.parents = parents
    }

    /// Whether a candidate of this accuracy would rank among the best (always, while fewer than
    /// `parents` are known).
    func admits(_ accuracy: Double) -> Bool {
        best.count < parents || accuracy >= best[best.count - 1]
    }

    /// Notes a confirmed-feasible candidate's accuracy.
    mutating func note(_ accuracy: Double) {
        let index = best.firstIndex { $0 < accuracy } ?? best.count
        guard index < parents else { return }
        best.insert(accuracy, at: index)
        if best.count > parents { best.removeLast() }
    }
}
