import ArgumentParser
import Foundation
import Measurement
import Runtimes
import SearchSpace

/// `hsconas measure`: build one network and time it for real on this machine.
struct MeasureCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "measure",
        abstract: "Measure a network's real latency on this machine.",
        discussion: """
            Builds the network for --arch in --space and times it with --runtime, pinned to --cores: \
            warm-up, then runs until both --min-runs and --min-seconds are reached, re-measured while the \
            coefficient of variation is above --max-cv. Prints median, mean, p10/p90 and CV with the \
            environment (CPU, cores, threads, runtime and version); --json prints the same for machines.

            Example: hsconas measure --space spos --random 7
            """)

    @OptionGroup var network: ArchitectureOptions

    @Option(
        name: .long, help: "Runtime: native (the built-in engine), onnxruntime (exported to ONNX, timed by ONNX Runtime) or command (your tool) (default: native).",
        completion: RuntimeKind.completion(accepting: RuntimeKind.measuringRuntimes),
        transform: RuntimeKind.argument(accepting: RuntimeKind.measuringRuntimes))
    var runtime: RuntimeKind = .native

    @OptionGroup var commandRuntime: CommandRuntimeOptions

    @Option(name: .long, help: "Python with onnxruntime, for --runtime onnxruntime.")
    var python: String = "python3"

    @OptionGroup var measurement: MeasurementOptions

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @Flag(name: .long, help: "Also print where the native engine spends its time, per kind of operator.")
    var profile = false

    func validate() throws {
        guard RuntimeKind.measuringRuntimes.contains(runtime) else {
            throw ValidationError("--runtime '\(runtime)' does not measure (available: \(RuntimeKind.list(RuntimeKind.measuringRuntimes)))")
        }
        try commandRuntime.check(runtime: runtime)
    }

    func run() async throws {
        NativeRuntime.selectKernels()
        let settings = try measurement.settings()
        let (space, architecture) = try network.resolve()
        let graph = try space.network(for: architecture)
        let runtime: any LatencyRuntime
        switch self.runtime {
        case .onnxruntime:
            runtime = try ORTRuntime(python: python)
        case .command:
            runtime = try commandRuntime.makeRuntime(cores: settings.cores)
        case .native, .replay, .remote:
            runtime = NativeRuntime(cores: settings.cores)
        }
        let measured: LatencyMeasurement
        do {
            measured = try await runtime.measure(space: space, architecture: architecture, settings: settings)
        } catch {
            await runtime.shutdown()
            throw CommandFailure("\(error)")
        }
        await runtime.shutdown()
        let report = MeasureReport(
            space: space.name, architecture: space.format(architecture), macs: graph.multiplyAccumulates,
            parameters: graph.parameters, measurement: measured)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            Console.line(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            Console.line(report.text)
        }
        if profile {
            try await printProfile(graph: graph, settings: settings)
        }
    }

    private func printProfile(graph: NetworkGraph, settings: MeasurementSettings) async throws {
        let runtime = NativeRuntime(cores: settings.cores)
        let rows: [(kind: String, milliseconds: Double, steps: Int)]
        do {
            rows = try await runtime.profile(graph: graph, settings: settings)
        } catch {
            await runtime.shutdown()
            throw CommandFailure("\(error)")
        }
        await runtime.shutdown()
        Console.line("  native engine profile (ms per run):")
        for row in rows {
            let name = row.kind.padding(toLength: 22, withPad: " ", startingAt: 0)
            Console.line("    \(name) \(String(format: "%8.3f", row.milliseconds))  \(row.steps) steps")
        }
    }
}
