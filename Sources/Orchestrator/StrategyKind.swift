/// The search algorithms a config can name.
public enum StrategyKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The HSCoNAS evolutionary algorithm with progressive space shrinking.
    case hsconas
    /// Uniform random sampling (baseline).
    case random
    /// Aging evolution (baseline).
    case regularizedEvolution = "regularized-evolution"
}
