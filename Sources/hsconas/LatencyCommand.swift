import ArgumentParser

/// `hsconas latency`: latency models fitted on measured networks.
struct LatencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency",
        abstract: "Fit and score latency models on measured networks.",
        subcommands: [LatencyFitCommand.self])
}
