/// The order a batch's evaluated candidates are confirmed in (lazy latency decisions): best
/// accuracy first, ties in ask order, so each candidate proven feasible ranks before the ones
/// below it are decided. The fleet driver and ``SearchDriver`` both walk a batch this way.
public enum ConfirmationOrder {
    /// Indices of the candidates with an accuracy (nil: not evaluated, or failed), best first.
    public static func bestFirst(_ accuracies: [Double?]) -> [Int] {
        accuracies.indices.compactMap { index in accuracies[index].map { (index, $0) } }
            .sorted { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
            .map(\.0)
    }
}
