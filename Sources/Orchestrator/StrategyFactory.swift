import Search
import SearchSpace

/// Builds the strategy a config names, and runs one to its end in-process (for benchmarks).
public enum StrategyFactory {
    /// A fresh strategy of `kind`; `options` is used by `hsconas` only.
    public static func make(
        _ kind: StrategyKind, settings: SearchSettings, space: some SearchSpace,
        options: HSCoNASEvolution.Options = .init()
    ) -> any SearchStrategy {
        switch kind {
        case .hsconas: HSCoNASEvolution(settings: settings, space: space, options: options)
        case .random: RandomSearch(settings: settings, space: space)
        case .regularizedEvolution: RegularizedEvolution(settings: settings, space: space)
        }
    }

    /// Runs a fresh strategy against synchronous evaluators; returns its incumbent and the
    /// number of candidates it asked for (latency look-ups).
    public static func runSynchronously(
        _ kind: StrategyKind, settings: SearchSettings, space: some SearchSpace, options: HSCoNASEvolution.Options,
        latency: (Architecture, String) -> Double?, accuracy: (Architecture) -> Double?,
        confirm: ((CandidateResult) -> [String: Double])? = nil
    ) -> (incumbent: CandidateResult?, candidates: Int) {
        drive(
            make(kind, settings: settings, space: space, options: options), latency: latency, accuracy: accuracy,
            confirm: confirm)
    }

    /// Opens the existential so the driver runs on the concrete strategy type.
    private static func drive<Strategy: SearchStrategy>(
        _ strategy: Strategy, latency: (Architecture, String) -> Double?, accuracy: (Architecture) -> Double?,
        confirm: ((CandidateResult) -> [String: Double])?
    ) -> (incumbent: CandidateResult?, candidates: Int) {
        var strategy = strategy
        SearchDriver.runSynchronously(&strategy, latency: latency, accuracy: accuracy, confirm: confirm)
        return (strategy.incumbent, strategy.candidatesSeen)
    }
}
