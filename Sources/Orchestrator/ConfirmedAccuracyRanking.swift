/// The `top` best accuracies of candidates told feasible on confirmed figures (measured,
/// replayed, or decided by a model's interval): a lazily decided candidate (`decide: lazy`,
/// `lazy-all`) is measured only when its accuracy would rank among them (`confirm_top`).
/// ``FleetBatchEvaluation`` and `bench search` both decide by it, noting a batch's candidates
/// only once the whole batch is evaluated.
public struct ConfirmedAccuracyRanking: Sendable {
    /// How many best accuracies are kept (`confirm_top`).
    public var top: Int
    /// The best accuracies so far, best first, at most `top`.
    public private(set) var best: [Double] = []

    /// An empty ranking keeping the `top` best.
    public init(top: Int) {
        self.top = top
    }

    /// Whether a candidate of this accuracy would rank among the best (always, while fewer than
    /// `top` are known).
    public func admits(_ accuracy: Double) -> Bool {
        best.count < top || accuracy >= best[best.count - 1]
    }

    /// Notes a confirmed-feasible candidate's accuracy.
    public mutating func note(_ accuracy: Double) {
        let index = best.firstIndex { $0 < accuracy } ?? best.count
        guard index < top else { return }
        best.insert(accuracy, at: index)
        if best.count > top { best.removeLast() }
    }
}
