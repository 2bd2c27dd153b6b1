import Orchestrator
import Testing

/// P, k and the mutation probability out of range: a search config names its field, `hsconas bench
/// search` its flag (FlagListTests), and both check the same bounds.
@Suite("config: the EA's shape")
struct EvolutionShapeConfigTests {
    @Test("population, parents and mutation_probability out of range are refused naming the field, the value and the bound")
    func outOfRange() {
        let config = MeasuredSearchTests.config()
        let cases: [(yaml: String, field: String, message: String)] = [
            (config.replacingOccurrences(of: "population: 6", with: "population: 1"), "population",
             "1 must be at least 2"),
            (config.replacingOccurrences(of: "parents: 3", with: "parents: 7"), "parents",
             "7 must be between 1 and population (6)"),
            (config.replacingOccurrences(of: "parents: 3", with: "parents: 0"), "parents",
             "0 must be between 1 and population (6)"),
            (config + "\nmutation_probability: 1.5\n", "mutation_probability", "1.5 must be a probability in 0…1"),
            (config + "\nmutation_probability: -0.1\n", "mutation_probability", "-0.1 must be a probability in 0…1"),
        ]
        ConfigRefusal.expect(cases)
    }

    @Test("the bounds' edges are accepted: P = 2, k = P, mutation probability 0 and 1")
    func edgesAccepted() throws {
        let config = MeasuredSearchTests.config()
            .replacingOccurrences(of: "population: 6", with: "population: 2")
            .replacingOccurrences(of: "parents: 3", with: "parents: 2")
        for probability in ["0", "1"] {
            let parsed = try SearchConfig.parse(yaml: config + "\nmutation_probability: \(probability)\n", table: SPOSConfigTests.table)
            #expect(parsed.population == 2 && parsed.parents == 2)
        }
    }
}
