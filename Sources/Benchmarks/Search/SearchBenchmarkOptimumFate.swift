/// What became of the exhaustive optimum in one benchmark search: why a seed missed it tells a
/// search problem (never asked) from a latency-model problem (asked, ruled out on a prediction).
public enum SearchBenchmarkOptimumFate: String, Sendable, Hashable, Codable, CaseIterable {
    /// The search's confirmed answer is the optimum's accuracy.
    case found
    /// Its accuracy was evaluated, yet the confirmed answer is another cell.
    case evaluated
    /// The search asked for it, but it was never evaluated: a device's latency model put it over
    /// the limit (the table has it under).
    case ruledOut = "ruled-out"
    /// The search never asked for it.
    case notAsked = "not-asked"

    /// The fate of a search that asked for the optimum (`asked`) and evaluated it (`evaluated`),
    /// with the regret of its confirmed answer.
    public init(regret: Double, asked: Bool, evaluated: Bool) {
        if regret <= 1e-9 {
            self = .found
        } else if evaluated {
            self = .evaluated
        } else {
            self = asked ? .ruledOut : .notAsked
        }
    }
}
