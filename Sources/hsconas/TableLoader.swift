import BenchmarkData

/// Loads the bundled NAS-Bench-201 table, turning a failure into a clean command error.
enum TableLoader {
    static func load() throws -> NB201Table {
        do {
            return try NB201Table.bundled()
        } catch {
            throw CommandFailure(error.message)
        }
    }
}
