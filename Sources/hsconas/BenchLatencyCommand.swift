import ArgumentParser
import BenchmarkData
import Benchmarks
import Foundation
import LatencyModel

/// `hsconas bench latency`: the per-position regression vs the MLP on every device of the
/// NAS-Bench-201 and FBNet latency tables.
struct BenchLatencyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "latency",
        abstract: "Per-position regression vs MLP latency models on every device of the nb201 and fbnet tables.",
        discussion: """
            For each device of the bundled tables (nb201: 15,625 cells, fbnet: 5,000 networks; 27 devices each) \
            fits both models on N networks drawn with each of --seeds seeds and scores them on all the other \
            networks. Prints per device and N the median over seeds of the share within ±10 % and of Kendall's τ. \
            Aim: ±10 % ≥ 95 % and τ ≥ 0.9 from ≤ 100 samples on the CPU and GPU devices.
            """)

    @Option(help: "Training sizes N, comma-separated (default: 20,50,100,500).", transform: CommaSeparated.integers(atLeast: 2))
    var sizes = [20, 50, 100, 500]
    @Option(help: "Seeds per device and N (seed s draws the same networks on every device).") var seeds = 10
    @Option(help: "Tables, comma-separated: nb201, fbnet (default: both).", transform: CommaSeparated.among(["nb201", "fbnet"]))
    var spaces = ["nb201", "fbnet"]
    @Option(help: "Only these devices, comma-separated (default: all).", transform: CommaSeparated.items) var devices: [String]?
    @Option(help: "Devices fitted at the same time (default: the number of CPUs).") var parallel: Int?
    @Flag(help: "Print JSON instead of text.") var json = false

    func validate() throws {
        guard seeds >= 1 else { throw ValidationError("--seeds must be at least 1") }
        if let parallel, parallel < 1 { throw ValidationError("--parallel must be at least 1") }
    }

    func run() async throws {
        BLASThreads.limit(to: 1)
        let started = ContinuousClock.now
        var tables: [LatencyBenchmarkData] = []
        do {
            for space in spaces {
                var table = space == "nb201" ? try LatencyBenchmarkData.nb201(.bundled()) : try LatencyBenchmarkData.fbnet(.bundled())
                if let wanted = devices {
                    for device in wanted where !table.devices.contains(device) {
                        throw CommandFailure(
                            "--devices: '\(device)' is not a device of the \(space) table (known: \(table.devices.joined(separator: ", ")))")
                    }
                    table = table.restricted(to: wanted)
                }
                tables.append(table)
            }
        } catch let error as BenchmarkDataError {
            throw CommandFailure(error.message)
        }
        let total = tables.reduce(0) { $0 + $1.devices.count }
        let quiet = json
        let counter = LatencyProgressCounter(total: total)
        let cells: [LatencyBenchmarkCell]
        do {
            cells = try await LatencyBenchmark.run(
                tables: tables, sizes: sizes, seeds: seeds,
                parallelism: parallel ?? ProcessInfo.processInfo.activeProcessorCount
            ) { finished in
                let done = counter.increment()
                if !quiet { Console.line("  [\(done)/\(total)] \(finished)") }
            }
        } catch {
            throw CommandFailure(error.message)
        }
        let elapsed = ContinuousClock.now - started
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let report = LatencyBenchmarkReport(sizes: sizes, seeds: seeds, seconds: seconds, cells: cells)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.line(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            Console.line(report.text(tables: tables))
        }
    }
}
