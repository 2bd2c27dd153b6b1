/// What became of the exhaustive optimum in one benchmark search: why a seed missed it tells a
/// search problem (never asked) from a latency-model problem (asked, ruled out on a prediction).
public enum SearchBenchmarkOptimumFate: String, Sendable, Hashable, Codable, CaseIterable {
    /// The search's confirmed answer is the optimum's accuracy.
    case found
    /// Its accuracy was evaluated, yet it was not confirmed as the answer: other cells ranked above
    /// it at the confirmation, a spiked reading rejected it, or no answer was confirmed at all.
    case evaluated
    /// The search asked for it, but it was never evaluated: a device's latency model (or, with
    /// spikes, a spiked reading) put it over the limit, where the table has it under.
    case ruledOut = "ruled-out"
    /// The search never asked for it.
    case notAsked = "not-asked"

    /// A regret at most this (points) is the optimum itself.
    public static let foundTolerance = 1e-9

    /// The fate of a search that asked for the optimum (`asked`) and evaluated it (`evaluated`),
    /// with the regret of its confirmed answer.
    public init(regret: Double, asked: Bool, evaluated: Bool) {
        if regret <= Self.foundTolerance {
            self = .found
        } else if evaluated {
            self = .evaluated
        } else {
            self = asked ? .ruledOut : .notAsked
        }
    }
}
