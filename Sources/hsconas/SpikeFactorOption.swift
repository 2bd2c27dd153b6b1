import ArgumentParser

/// `--spike-factor F`: what a reading taken during a load spike is multiplied by, for the
/// benchmarks that score a model or a search against such readings (`bench hwmodel`,
/// `bench transfer`, `bench search`).
struct SpikeFactorOption: ParsableArguments {
    @Option(name: .customLong("spike-factor"), help: "What a load spike multiplies a measurement by.")
    var value = 1.8

    func validate() throws {
        guard value > 0, value.isFinite else {
            throw ValidationError("--spike-factor '\(value)' must be a positive number")
        }
    }
}
