import ArgumentParser

/// `hsconas bench`: commands that print the project's figures (see BENCHMARKS.md).
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Print the figures BENCHMARKS.md records.",
        discussion: """
            One subcommand per benchmark: search (search quality: regret of the strategies), fleet (fleet \
            throughput), load (many connected workers), fuzz (bad traffic during a search), engine (native \
            engine vs ONNX Runtime), latency (latency models), hwmodel (this CPU's operator table), proxy \
            (the NASWOT accuracy proxy), hsconas (HSCoNAS on spos), thin-worker (the Python worker vs the \
            Swift worker) and transfer (latency models learned from other devices); --help on each says \
            what it measures and how.

            Example: hsconas bench proxy
            """,
        subcommands: [
            BenchSearchCommand.self, BenchFleetCommand.self, BenchLoadCommand.self, BenchFuzzCommand.self,
            BenchEngineCommand.self, BenchLatencyCommand.self, BenchHardwareModelCommand.self, BenchProxyCommand.self,
            BenchHSCoNASCommand.self, BenchThinWorkerCommand.self, BenchTransferCommand.self,
        ])
}
