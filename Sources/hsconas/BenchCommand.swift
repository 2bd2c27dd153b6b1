import ArgumentParser

/// `hsconas bench`: commands that print the project's figures (see BENCHMARKS.md).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Print the figures BENCHMARKS.md records: search quality, fleet throughput, engine, latency models, accuracy proxy, HSCoNAS on spos.",
        subcommands: [
            BenchSearchCommand.self, BenchFleetCommand.self, BenchEngineCommand.self, BenchLatencyCommand.self,
            BenchHardwareModelCommand.self, BenchProxyCommand.self, BenchHSCoNASCommand.self,
        ])
}
