import ArgumentParser
import BenchmarkData
import Benchmarks
import Foundation
import LatencyModel
import Measurement

/// `hsconas bench transfer`: how well a device's latency is predicted from a few of its own
/// measurements plus what the fleet knows of the other devices (leave-one-device-out).
struct BenchTransferCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "transfer",
        abstract: "A new device learns from the fleet: leave-one-device-out on the nb201 and fbnet latency tables.",
        discussion: """
            For each device of the bundled tables, N of its networks count as measured and every other device's \
            whole column as known. The transfer model (log latency on the three best-correlated known devices, \
            Bayesian ridge) and the per-position regression from the same N networks are scored on every other \
            network: median over --seeds seeds of Spearman's ρ, Kendall's τ and the share within ±10 %. \
            Aim: ρ ≥ 0.95 from 10 samples on at least 20 of the 27 nb201 devices. With --spikes K \
            the first K of each seed's N networks count as measured during a load spike (their latency × \
            --spike-factor); the scores stay on true latencies.
            """)

    @Option(help: "Samples N measured on the left-out device, comma-separated (default: 5,10,20).", transform: CommaSeparated.integers(atLeast: 1))
    var sizes = [5, 10, 20]
    @Option(help: "Seeds per device and N (seed s draws the same networks on every device).") var seeds = 10
    @Option(help: "Tables, comma-separated: nb201, fbnet (default: both).", transform: CommaSeparated.among(["nb201", "fbnet"]))
    var spaces = ["nb201", "fbnet"]
    @Option(help: "Only leave out these devices, comma-separated (default: all; the others stay known).", transform: CommaSeparated.items)
    var devices: [String]?
    @Option(help: "Measured networks per seed taken during a load spike (their latency × --spike-factor).") var spikes = 0
    @OptionGroup var spikeFactor: SpikeFactorOption
    @Flag(help: "Print JSON instead of text.") var json = false

    func validate() throws {
        guard seeds >= 1 else { throw ValidationError("--seeds: '\(seeds)' must be at least 1") }
        guard spikes >= 0, spikes < sizes.min() ?? 1 else {
            throw ValidationError("--spikes '\(spikes)' must be at least 0 and fewer than the smallest of --sizes (\(sizes.min() ?? 1))")
        }
    }

    func run() throws {
        let started = ContinuousClock.now
        var cells: [TransferBenchmarkCell] = []
        var counts: [String: Int] = [:]
        do {
            for space in spaces {
                let table = space == "nb201" ? try LatencyBenchmarkData.nb201(.bundled()) : try LatencyBenchmarkData.fbnet(.bundled())
                var leftOut = table.devices
                if let devices {
                    leftOut = devices
                    for device in leftOut where !table.devices.contains(device) {
                        throw CommandFailure(
                            "--devices: '\(device)' is not a device of the \(space) table (known: \(table.devices.joined(separator: ", ")))")
                    }
                }
                counts[space] = leftOut.count
                let quiet = json
                var done = 0
                cells += try TransferBenchmark.run(
                    table: table, sizes: sizes, seeds: seeds, leaving: leftOut, spikes: spikes, spikeFactor: spikeFactor.value
                ) { finished in
                    done += 1
                    if !quiet { Console.line("  [\(done)/\(leftOut.count)] \(finished)") }
                }
            }
        } catch let error as BenchmarkDataError {
            throw CommandFailure(error.message)
        } catch let error as LatencyModelError {
            throw CommandFailure(error.message)
        }
        let seconds = (ContinuousClock.now - started).seconds
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            Console.line(String(decoding: try encoder.encode(cells), as: UTF8.self))
            return
        }
        Console.line(text(cells, sizes: sizes, seconds: seconds))
    }

    private func text(_ cells: [TransferBenchmarkCell], sizes: [Int], seconds: Double) -> String {
        func figure(_ value: Double) -> String { value.isFinite ? String(format: "%.3f", value) : "–" }
        func column(_ text: String, _ width: Int) -> String {
            text.count >= width ? text + " " : text + String(repeating: " ", count: width - text.count)
        }
        func transferText(_ cell: TransferBenchmarkCell?) -> String {
            guard let cell else { return "–" }
            let share = String(format: "%3.0f", cell.within10 * 100)
            return "\(figure(cell.spearmanRho)) (\(figure(cell.kendallTau)), \(share) %)"
        }
        var lines = [
            "Leave-one-device-out, median over \(seeds) seeds: Spearman ρ (τ, ±10 %) on every network not measured, "
                + "transfer from the other devices vs per-position regression from the same N"
        ]
        if spikes > 0 {
            lines.append("\(spikes) of the N measured networks per seed taken during a load spike (× \(spikeFactor.value)); scored on true latencies")
        }
        for space in spaces {
            let rows = cells.filter { $0.space == space }
            let devices = Array(Set(rows.map(\.device))).sorted()
            lines.append("")
            var header = space.padding(toLength: 7, withPad: " ", startingAt: 0) + column("device", 22)
            for size in sizes { header += column("transfer N=\(size)", 26) }
            for size in sizes { header += column("per-pos N=\(size)", 15) }
            lines.append(header)
            for device in devices {
                var line = "       " + column(device, 22)
                for size in sizes {
                    let cell = rows.first { $0.device == device && $0.samples == size && $0.model == TransferBenchmark.transfer }
                    line += column(transferText(cell), 26)
                }
                for size in sizes {
                    let cell = rows.first { $0.device == device && $0.samples == size && $0.model == TransferBenchmark.perPosition }
                    line += column(cell.map { figure($0.spearmanRho) } ?? "–", 15)
                }
                lines.append(line)
            }
            for size in sizes {
                func summary(_ model: String) -> String {
                    let cells = rows.filter { $0.samples == size && $0.model == model }
                    let within = String(format: "%.0f", RankCorrelation.median(cells.map(\.within10)) * 100)
                    return "\(cells.count { $0.spearmanRho >= 0.95 }) of \(cells.count) devices"
                        + " (median ρ \(figure(RankCorrelation.median(cells.map(\.spearmanRho)))), ±10 % \(within) %)"
                }
                lines.append(
                    "  N=\(size): ρ ≥ 0.95 on \(summary(TransferBenchmark.transfer)) by transfer, "
                        + "\(summary(TransferBenchmark.perPosition)) per position")
            }
        }
        lines.append(String(format: "(%.1f s)", seconds))
        return lines.joined(separator: "\n")
    }
}
