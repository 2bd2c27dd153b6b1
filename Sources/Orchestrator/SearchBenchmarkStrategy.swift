import Search
import SearchSpace

/// The strategies the search benchmark compares, built with the same settings.
public enum SearchBenchmarkStrategy: String, Sendable, Hashable, Codable, CaseIterable {
    case hsconas
    case random
    case regularizedEvolution = "regularized-evolution"

    /// Runs one search to its end against replayed evaluators and returns the finished strategy's
    /// incumbent and its number of candidates (latency look-ups).
    func run(
        options: HSCoNASEvolution.Options, settings: SearchSettings, latency: (Architecture, String) -> Double?, accuracy: (Architecture) -> Double?
    ) -> (incumbent: CandidateResult?, candidates: Int) {
        let space = NB201Space()
        switch self {
        case .hsconas:
            var strategy = HSCoNASEvolution(settings: settings, space: space, options: options)
            SearchDriver.runSynchronously(&strategy, latency: latency, accuracy: accuracy)
            return (strategy.incumbent, strategy.candidatesSeen)
        case .random:
            var strategy = RandomSearch(settings: settings, space: space)
            SearchDriver.runSynchronously(&strategy, latency: latency, accuracy: accuracy)
            return (strategy.incumbent, strategy.candidatesSeen)
        case .regularizedEvolution:
            var strategy = RegularizedEvolution(settings: settings, space: space)
            SearchDriver.runSynchronously(&strategy, latency: latency, accuracy: accuracy)
            return (strategy.incumbent, strategy.candidatesSeen)
        }
    }
}
