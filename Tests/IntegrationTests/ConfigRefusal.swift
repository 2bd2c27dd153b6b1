import Orchestrator
import Testing

/// Configs that must be refused, each with the field its error names and text the message holds.
enum ConfigRefusal {
    /// Expects every case's YAML to be refused, naming `field`, with `message` in its description.
    static func expect(_ cases: [(yaml: String, field: String, message: String)]) {
        for test in cases {
            do {
                _ = try SearchConfig.parse(yaml: test.yaml, table: SPOSConfigTests.table)
                Issue.record("\(test.field) was accepted")
            } catch {
                #expect(error.field == test.field, "\(error)")
                #expect(error.description.contains(test.message), "\(error)")
            }
        }
    }
}
