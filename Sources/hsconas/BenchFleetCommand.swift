import ArgumentParser
import Benchmarks
import Foundation
import Orchestrator

/// `hsconas bench fleet`: jobs per second through the coordinator and worker processes.
struct BenchFleetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Trivial jobs per second through a coordinator and worker processes over tcp loopback.",
        discussion: """
            Starts a coordinator in this process and --workers 'hsconas worker' processes (accuracy look-ups \
            answered from the table, so the work per job is negligible), then pushes --jobs jobs through them, \
            --repetitions times. Each repetition first measures libzmq's raw pipelined ROUTER/DEALER round-trip \
            rate in this process as the reference. Prints each repetition and the medians.
            """)

    @Option(help: "Jobs per repetition.") var jobs = 100_000
    @Option(help: "Worker processes.") var workers = 8
    @Option(help: "Repetitions (the median is reported).") var repetitions = 5
    @Option(help: "Jobs each worker may hold at once.") var capacity = 64
    @OptionGroup var logging: LogOptions

    func validate() throws {
        guard jobs >= 1, workers >= 1, repetitions >= 1, capacity >= 1 else {
            throw ValidationError("--jobs, --workers, --repetitions and --capacity must be at least 1")
        }
    }

    func run() async throws {
        let logger = try logging.makeLogger(label: "hsconas.bench", defaultLevel: .warning)
        let figures = try await FleetBenchmark.run(
            jobs: jobs, workers: workers, repetitions: repetitions, capacity: capacity,
            executable: LocalWorkerProcesses.currentExecutable(), logger: logger
        ) { Console.line($0) }
        let ratio = figures.medianJobsPerSecond / figures.medianRawRoundTripsPerSecond
        Console.line(
            "median: \(Int(figures.medianJobsPerSecond)) jobs/s through coordinator + \(workers) workers; "
                + "raw libzmq \(Int(figures.medianRawRoundTripsPerSecond)) round trips/s; ratio \(String(format: "%.3f", ratio))")
    }
}
