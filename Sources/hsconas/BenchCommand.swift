import ArgumentParser

/// `hsconas bench`: commands that print the project's figures (see BENCHMARKS.md).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Print the figures BENCHMARKS.md records: search quality, fleet throughput and load, bad traffic, engine, latency models and their transfer between devices, accuracy proxy, HSCoNAS on spos.",
        subcommands: [
            BenchSearchCommand.self, BenchFleetCommand.self, BenchLoadCommand.self, BenchFuzzCommand.self,
            BenchEngineCommand.self, BenchLatencyCommand.self, BenchHardwareModelCommand.self, BenchProxyCommand.self,
            BenchHSCoNASCommand.self, BenchThinWorkerCommand.self, BenchTransferCommand.self,
        ])
}
