import ArgumentParser
import Foundation
import Measurement

/// The measurement flags shared by `measure`, `worker` and `bench engine`.
struct MeasurementOptions: ParsableArguments {
    @Option(name: .long, help: "Threads the runtime may use.")
    var threads: Int = 1

    @Option(name: .long, help: "CPUs to pin to, comma-separated (default: the highest-numbered CPUs, one per thread).")
    var cores: String?

    @Option(name: .long, help: "Samples per run.")
    var batch: Int = 1

    @Option(name: .long, help: "Untimed warm-up runs.")
    var warmup: Int = 3

    @Option(name: .long, help: "Timed runs: at least this many …")
    var minRuns: Int = 10

    @Option(name: .long, help: "… and for at least this many seconds.")
    var minSeconds: Double = 0.3

    @Option(name: .long, help: "Re-measure when the coefficient of variation is above this.")
    var maxCv: Double = 0.05

    @Option(name: .long, help: "Attempts in all; the steadiest is kept.")
    var attempts: Int = 3

    /// The settings, checked; a bad flag is named with its value.
    func settings() throws -> MeasurementSettings {
        var pinned: [Int]?
        if let cores {
            let parts = cores.split(separator: ",", omittingEmptySubsequences: false)
            let values = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard values.count == parts.count, !values.isEmpty else {
                throw ValidationError("--cores '\(cores)' must be CPU numbers separated by commas, e.g. 1 or 0,1")
            }
            pinned = values
        }
        let settings = MeasurementSettings(
            warmupRuns: warmup, minimumRuns: minRuns, minimumSeconds: minSeconds, maximumRuns: max(1000, minRuns),
            maximumVariation: maxCv, attempts: attempts, cores: pinned, threads: threads, batch: batch)
        do {
            try settings.validate()
        } catch {
            throw ValidationError(error.description.replacingOccurrences(of: "setting ", with: "flag --"))
        }
        return settings
    }
}
