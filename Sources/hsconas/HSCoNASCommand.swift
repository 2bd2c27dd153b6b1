import ArgumentParser

/// The `hsconas` command: every user-facing entry point of the cluster.
@main
struct HSCoNASCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hsconas",
        abstract: "Hardware-aware neural architecture search across a cluster of real devices.",
        discussion: """
            A coordinator runs an HSCoNAS evolutionary search; workers on edge boards and servers connect \
            to it over ZeroMQ, evaluate candidates and measure their latency on their own hardware \
            (native engine, ONNX Runtime or your own benchmark tool), or replay it from a benchmark table.

            Quick start:     hsconas search --config Configs/quickstart.yaml
            HSCoNAS on spos: hsconas search --config Configs/spos-cpu.yaml
            One network:     hsconas measure --space spos --random 1
            """,
        version: "0.1.0",
        subcommands: [
            SearchCommand.self, CoordinatorCommand.self, WorkerCommand.self, MeasureCommand.self, ExportCommand.self, ArchCommand.self,
            ProfileCommand.self, BenchCommand.self, LatencyCommand.self, KeysCommand.self, StoreCommand.self,
            ReportCommand.self,
        ]
    )
}
