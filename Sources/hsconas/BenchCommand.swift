import ArgumentParser

/// `hsconas bench`: commands that print the project's figures (see BENCHMARKS.md).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure search quality and fleet throughput; prints the figures BENCHMARKS.md records.",
        subcommands: [BenchSearchCommand.self, BenchFleetCommand.self, BenchEngineCommand.self, BenchLatencyCommand.self, BenchHardwareModelCommand.self])
}
