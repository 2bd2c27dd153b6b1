import ArgumentParser
import Benchmarks
import Foundation
import Measurement
import Orchestrator
import Runtimes
import Store

/// `hsconas bench hwmodel`: the profiled operator table with its fitted correction, on this CPU.
struct BenchHardwareModelCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hwmodel",
        abstract: "HSCoNAS's hardware model on this CPU for spos: operator table + correction vs measured networks.",
        discussion: """
            Profiles every spos operator on this machine through the fleet (a coordinator and one native \
            worker process; skipped when --store already holds the table), then measures --train + --test \
            random spos networks natively, fits latency ≈ a · Σ table + b on the first --train and scores it \
            on the other --test: RMSE, MAPE, share within ±10 %, Kendall τ, with and without the correction. \
            The test networks are then measured once more: τ between the two measurements is the most \
            any model can reach on this machine. The search's own correction (least squares with outliers \
            left out) is scored beside it, and with --spikes K again after the K widest training networks' \
            figures are multiplied by --spike-factor (a load spike while they were measured), next to plain \
            least squares on the same figures. Last, the table with one more term per feature-map size \
            (ResolutionOperatorTableModel), fitted on the same training networks with a strong, moderate and \
            weak prior pulling each term toward the plain correction.
            """)

    @Option(help: "Store holding (or to receive) the operator table; default: a temporary one.") var store: String?
    @Option(help: "Device name for the table.") var device = "this_cpu"
    @Option(help: "Networks the correction is fitted on.") var train = 20
    @Option(help: "Networks it is scored on.") var test = 100
    @Option(help: "Seed of the networks.") var seed: UInt64 = 0
    @Option(help: "Training networks (the widest) measured as in a load spike, to score the corrections against it.")
    var spikes = 2
    @OptionGroup var spikeFactor: SpikeFactorOption
    @OptionGroup var measurement: MeasurementOptions
    @Flag(help: "Print JSON instead of text.") var json = false
    @OptionGroup var logging: LogOptions

    func validate() throws {
        guard train >= 2, test >= 2 else { throw ValidationError("--train and --test must be at least 2") }
        guard spikes >= 0, spikes < train else {
            throw ValidationError("--spikes '\(spikes)' must be at least 0 and fewer than --train (\(train))")
        }
    }

    func run() async throws {
        NativeRuntime.selectKernels()
        let logger = try logging.makeLogger(label: "hsconas.bench", defaultLevel: .warning)
        let settings = try measurement.settings()
        let path = store ?? FileManager.default.temporaryDirectory.appendingPathComponent("hsconas-hwmodel-\(UUID().uuidString)/profile.sqlite").path
        let runStore = try RunStore(path: path)
        var profileMeasurement = MeasurementConfig()
        profileMeasurement.minSeconds = 0.05
        let quiet = json
        let report = try await OperatorTableBenchmark.run(
            store: runStore, device: device, train: train, test: test, seed: seed, spikes: spikes, spikeFactor: spikeFactor.value,
            settings: settings,
            profileMeasurement: profileMeasurement, logger: logger
        ) { line in if !quiet { Console.line(line) } }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Console.line(String(decoding: try encoder.encode(report), as: UTF8.self))
            return
        }
        func f(_ value: Double, _ digits: Int = 3) -> String { String(format: "%.\(digits)f", value) }
        Console.line("")
        Console.line(
            "\(report.operators) operators in the table"
                + (report.profileSeconds.map { ", full profile through the fleet in \(f($0, 1)) s" } ?? " (from \(path))"))
        Console.line("\(report.trainingNetworks + report.testNetworks) networks measured natively in \(f(report.measureSeconds, 1)) s")
        Console.line("correction fitted on \(report.trainingNetworks): latency ≈ \(f(report.a, 4)) · Σ table + \(f(report.b, 4)) ms")
        var rows = [
            ("table sum alone", report.uncorrected), ("with correction", report.corrected),
            ("search's correction", report.searchCorrected),
        ]
        for (shrinkage, score) in zip(report.perResolutionShrinkages, report.perResolution) {
            rows.append(("per feature-map size, prior \(f(shrinkage, 1))", score))
        }
        let spiked = "\(report.spikedNetworks) spiked ×\(f(report.spikeFactor, 1))"
        if let plain = report.spikedPlain { rows.append(("\(spiked), least squares", plain)) }
        if let search = report.spikedSearch { rows.append(("\(spiked), search's", search)) }
        let width = rows.map(\.0.count).max() ?? 16
        for (label, score) in rows {
            Console.line(
                "\(label.padding(toLength: width, withPad: " ", startingAt: 0)) on \(score.count): RMSE \(f(score.rmse)) ms, "
                    + "MAPE \(f(score.mape, 2)) %, within ±10 % \(f(score.within10 * 100, 1)) %, Kendall τ \(f(score.kendallTau))")
        }
        Console.line(
            "noise ceiling: the \(report.testNetworks) test networks measured twice agree with τ \(f(report.remeasureTau)), "
                + "\(f(report.remeasureWithin10 * 100, 1)) % within ±10 %")
        Console.line("store: \(path)")
    }
}
