/// A value of the evolutionary search's shape (population P, parents k, mutation probability) out
/// of its range: which setting, its value, and what it must be. A search config and
/// `hsconas bench search` check the same bounds through ``SearchSettings/violation(population:parents:mutationProbability:)``
/// and name the setting their own way (a config field, a flag).
public struct EvolutionShapeViolation: Sendable, Hashable, Error {
    /// The settings of the EA's shape, named as a search config's fields name them.
    public enum Setting: String, Sendable, Hashable, CaseIterable {
        case population, parents
        case mutationProbability = "mutation_probability"
    }

    /// The setting out of range.
    public var setting: Setting
    /// Its value as written.
    public var value: String
    /// The population the parents were checked against.
    public var population: Int

    /// What the value must be, with other settings named by `name`
    /// (e.g. "must be between 1 and population (50)").
    public func requirement(naming name: (Setting) -> String) -> String {
        switch setting {
        case .population: "must be at least 2"
        case .parents: "must be between 1 and \(name(.population)) (\(population))"
        case .mutationProbability: "must be a probability in 0…1"
        }
    }
}
