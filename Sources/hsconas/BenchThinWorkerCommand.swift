import ArgumentParser
import Benchmarks
import Foundation
import Measurement
import Orchestrator

/// `hsconas bench thin-worker`: the thin worker's ONNX Runtime figures against the Swift worker's.
struct BenchThinWorkerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thin-worker",
        abstract: "Thin worker (hsconas-worker, Python) vs Swift worker, both --runtime onnxruntime, on random spos networks.",
        discussion: """
            Starts a coordinator that ships models, one Swift worker (hsconas worker --runtime onnxruntime) and one \
            thin worker (--thin-worker, default hsconas-worker), both pinned to --cores with the same method. Then \
            --repetitions times measures each of --networks random spos networks on both, interleaved (alternating which \
            goes first). Prints per network the median of each worker's medians, their CV across repetitions, the \
            median ratio thin/Swift and Kendall's τ between the rankings, with the CPU and the load average before \
            and after. Aim: ratio within 1.00 ± 0.05, τ ≥ 0.9.
            """)

    @Option(help: "Random spos networks.") var networks = 20
    @Option(help: "Seed of the architectures (the same draw as 'bench engine').") var seed: UInt64 = 0
    @Option(help: "Re-measurements of every network per worker.") var repetitions = 3
    @Option(help: "The thin worker's command line, e.g. 'hsconas-worker' or 'python3 -m hsconas_worker'.")
    var thinWorker = "hsconas-worker"
    @Option(help: "CPUs both workers pin to, comma-separated (default: the highest-numbered one).") var cores: String?
    @Option(help: "Folder for the two workers' logs.") var logs = "runs/bench-thin-worker"
    @Flag(help: "Print JSON instead of text.") var json = false
    @OptionGroup var logging: LogOptions

    func validate() throws {
        guard networks >= 2, repetitions >= 1 else { throw ValidationError("--networks must be at least 2 and --repetitions at least 1") }
    }

    func run() async throws {
        let logger = try logging.makeLogger(label: "hsconas.bench", defaultLevel: .warning)
        var pinned = MeasurementSettings.defaultCores(threads: 1)
        if let cores {
            let values = cores.split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            guard !values.isEmpty, values.count == cores.split(separator: ",").count else {
                throw ValidationError("--cores '\(cores)' must be CPU numbers separated by commas, e.g. 1 or 0,1")
            }
            pinned = values
        }
        let quiet = json
        let summary: ThinWorkerBenchmark.Summary
        do {
            summary = try await ThinWorkerBenchmark.run(
                networks: networks, seed: seed, repetitions: repetitions, measurement: MeasurementConfig(), cores: pinned,
                thinWorker: thinWorker.split(separator: " ").map(String.init), logDirectory: URL(fileURLWithPath: logs),
                logger: logger
            ) { line in if !quiet { Console.line(line) } }
        } catch {
            throw CommandFailure("\(error) (worker logs in \(logs))")
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Console.line(String(decoding: try encoder.encode(summary), as: UTF8.self))
            return
        }
        func f(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
        Console.line("\n  #   MMACs  Swift ms  (CV %)   thin ms  (CV %)   thin/Swift")
        for (index, row) in summary.rows.enumerated() {
            Console.line(
                "\(String(index + 1).leftPad(3))  \(f(row.megaMACs, 1).leftPad(6))  \(f(row.swift, 3).leftPad(8))  (\(f(row.swiftCV * 100)))"
                    + "  \(f(row.thin, 3).leftPad(8))  (\(f(row.thinCV * 100)))  \(f(row.ratio, 3).leftPad(10))")
        }
        Console.line(
            """

            Swift worker: \(summary.swiftVersion); thin worker: \(summary.thinVersion)
            CPU \(summary.cpuModel), cores \(summary.cores.map(String.init).joined(separator: ",")), 1 thread, batch 1; \
            load average before \(summary.loadBefore), after \(summary.loadAfter)
            median ratio thin/Swift \(f(summary.medianRatio, 3)) (aim 1.00 ± 0.05), Kendall τ \(f(summary.kendallTau, 3)) (aim ≥ 0.9); \
            median CV across repetitions: Swift \(f(summary.medianSwiftCV * 100)) %, thin \(f(summary.medianThinCV * 100)) %
            """)
    }
}
