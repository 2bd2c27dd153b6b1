import ArgumentParser
import Foundation
import LatencyModel

/// `hsconas latency fit`: fit a latency model on N rows of a CSV table, score it on the rest.
struct LatencyFitCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fit",
        abstract: "Fit a latency model on N networks of a CSV latency table and score it on all the others.",
        discussion: """
            Reads --table, parses --arch-column in --space (nb201: NAS-Bench-201 cell strings; fbnet: 22 op \
            indices joined by '-'; spos: 'k3:1.0-…') and takes --latency-column as milliseconds. Fits --model \
            (table: one latency per position and choice plus a constant, by least squares; mlp: one-hot → 128 → \
            64 → 1 trained with Adam) on --samples rows drawn with --seed and prints RMSE, MAPE, the share \
            within ±10 % and Kendall's τ on every other row. Rows are counted from 1 after the header.

            Example (the bundled FBNet table):
            hsconas latency fit --table Sources/BenchmarkData/Resources/fbnet_latency.csv \\
                --space fbnet --latency-column pixel3_ms --samples 100
            """)

    @Option(help: "CSV file with a header line.") var table: String
    @Option(help: "Search space of the architecture column: \(LatencySpaces.names.joined(separator: ", ")).")
    var space: String
    @Option(help: "Column of architecture strings (default: arch_str for nb201, op_idx for fbnet).")
    var archColumn: String?
    @Option(help: "Column of latencies in ms.") var latencyColumn: String
    @Option(help: "Rows to fit on; all others are scored.") var samples = 100
    @Option(help: "Seed of the rows drawn (and of the MLP's training).") var seed: UInt64 = 0
    @Option(help: "table (per-position least squares: a config's 'model: regression', not the operator table) or mlp.")
    var model = "table"
    @Flag(help: "Print JSON instead of text.") var json = false

    func validate() throws {
        guard LatencyModelKind(rawValue: model) != nil else {
            throw ValidationError("--model '\(model)' is unknown (available: table, mlp)")
        }
        guard LatencySpaces.names.contains(space) else {
            throw ValidationError("--space '\(space)' is unknown (available: \(LatencySpaces.names.joined(separator: ", ")))")
        }
        guard archColumn != nil || LatencySpaces.defaultArchitectureColumn(space: space) != nil else {
            throw ValidationError("--space \(space) has no usual architecture column; give --arch-column")
        }
        guard samples >= 2 else { throw ValidationError("--samples must be at least 2") }
    }

    func run() async throws {
        // One small model: OpenBLAS's threads would cost more in hand-offs than they save.
        BLASThreads.limit(to: 1)
        let fit = LatencyFit(
            space: space, architectureColumn: archColumn ?? LatencySpaces.defaultArchitectureColumn(space: space) ?? "",
            latencyColumn: latencyColumn, samples: samples, seed: seed, model: LatencyModelKind(rawValue: model) ?? .table)
        let report: LatencyFitReport
        do {
            report = try fit.run(url: URL(fileURLWithPath: table))
        } catch {
            throw CommandFailure(error.message)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.line(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            Console.line(report.text)
        }
    }
}
