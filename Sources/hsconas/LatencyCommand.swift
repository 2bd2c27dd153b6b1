import ArgumentParser

/// `hsconas latency`: latency models fitted on a table of networks and their latencies.
struct LatencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency",
        abstract: "Fit and score latency models on a CSV table of networks and their latencies.",
        discussion: """
            'latency fit' reads a CSV file with a column of architecture strings and a column of \
            latencies in ms (a benchmark table, or your own measurements), fits a model on some rows and \
            scores it on the rest. 'hsconas bench latency' runs the same over every device of the bundled \
            tables.

            Example (the bundled FBNet table):
            hsconas latency fit --table Sources/BenchmarkData/Resources/fbnet_latency.csv \\
                --space fbnet --latency-column pixel3_ms
            """,
        subcommands: [LatencyFitCommand.self])
}
