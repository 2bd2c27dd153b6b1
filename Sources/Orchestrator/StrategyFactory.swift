import Search
import SearchSpace

/// Builds the strategy a config names.
public enum StrategyFactory {
    public static func make(_ kind: StrategyKind, settings: SearchSettings, space: some SearchSpace) -> any SearchStrategy {
        switch kind {
        case .hsconas: HSCoNASEvolution(settings: settings, space: space)
        case .random: RandomSearch(settings: settings, space: space)
        case .regularizedEvolution: RegularizedEvolution(settings: settings, space: space)
        }
    }
}
