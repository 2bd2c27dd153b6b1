import ArgumentParser
import Benchmarks
import Foundation
import Measurement
import Runtimes

/// `hsconas bench engine`: the native engine against ONNX Runtime on random spos networks.
struct BenchEngineCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "engine",
        abstract: "Native engine vs ONNX Runtime on random spos networks (batch 1, 224×224, pinned).",
        discussion: """
            Draws --networks random spos architectures, then --repetitions times measures each one with the \
            native engine and, right after, with ONNX Runtime on the exported model (same weights, same pinned \
            CPUs, same method). Prints per network the median of each runtime's medians and their CV across \
            repetitions, then the median ratio native/ORT and Kendall's τ between the two rankings, \
            how the machine's speed moved per repetition (median over networks against each network's \
            median, per runtime) and the CV of the per-repetition ratio, in which a shift both runtimes \
            share cancels. Aim: ratio ≤ 1.2, τ ≥ 0.9, CV ≤ 3 %.
            """)

    @Option(help: "Random spos networks.") var networks = 20
    @Option(help: "Seed of the architectures.") var seed: UInt64 = 0
    @Option(help: "Re-measurements of every network per runtime.") var repetitions = 5
    @Option(help: "Python with onnxruntime.") var python = "python3"
    @OptionGroup var measurement: MeasurementOptions
    @Flag(help: "Print JSON instead of text.") var json = false

    func validate() throws {
        guard networks >= 2 else { throw ValidationError("--networks \(networks) must be at least 2") }
        guard repetitions >= 1 else { throw ValidationError("--repetitions \(repetitions) must be at least 1") }
    }

    func run() async throws {
        NativeRuntime.selectKernels()
        let settings = try measurement.settings()
        let quiet = json
        let summary: EngineBenchmark.Summary
        do {
            summary = try await EngineBenchmark.run(
                networks: networks, seed: seed, repetitions: repetitions, settings: settings, python: python
            ) { line in if !quiet { Console.line(line) } }
        } catch {
            throw CommandFailure("\(error)")
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Console.line(String(decoding: try encoder.encode(summary), as: UTF8.self))
            return
        }
        func f(_ value: Double, _ digits: Int = 2) -> String { String(format: "%.\(digits)f", value) }
        func shifts(_ values: [Double]) -> String { values.map { String(format: "%+.1f %%", $0 * 100) }.joined(separator: " ") }
        Console.line("\n  #   MMACs  native ms  (CV %)   ORT ms  (CV %)   ratio")
        for (index, row) in summary.rows.enumerated() {
            Console.line(
                "\(String(index + 1).leftPad(3))  \(f(row.megaMACs, 1).leftPad(6))  \(f(row.native, 3).leftPad(9))  (\(f(row.nativeCV * 100)))"
                    + "  \(f(row.onnxRuntime, 3).leftPad(7))  (\(f(row.onnxRuntimeCV * 100)))  \(f(row.ratio, 3).leftPad(6))")
        }
        Console.line(
            """

            native: \(summary.nativeVersion)\(summary.kernelWarning.map { "\nwarning: \($0)" } ?? "")
            onnxruntime: \(summary.onnxRuntimeVersion); CPU \(summary.cpuModel), cores \(summary.cores.map(String.init).joined(separator: ",")), \
            \(settings.threads) thread(s), batch \(settings.batch)
            median ratio native/ORT \(f(summary.medianRatio, 3)) (aim ≤ 1.2)
            Kendall τ native vs ORT ranking \(f(summary.kendallTau, 3)) (aim ≥ 0.9)
            CV across \(repetitions) re-measurements: native median \(f(summary.medianNativeCV * 100)) % worst \(f(summary.worstNativeCV * 100)) %; \
            ORT median \(f(summary.medianOnnxRuntimeCV * 100)) % worst \(f(summary.worstOnnxRuntimeCV * 100)) % (aim ≤ 3 %)
            machine speed per repetition (median over networks against each network's median): \
            native \(shifts(summary.drift.native)); ORT \(shifts(summary.drift.onnxRuntime))
            CV of the per-repetition ratio native/ORT (a shift both runtimes share cancels): median \(f(summary.drift.medianRatioCV * 100)) %
            """)
    }
}
