import ArgumentParser
import Benchmarks
import Fleet
import Foundation
import Glibc

/// `hsconas bench load`: many workers connected to one coordinator at once.
struct BenchLoadCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Heartbeat regularity and dispatch rate with many workers connected to one coordinator.",
        discussion: """
            Starts a coordinator and --workers workers in this process (each a real DEALER socket on its own \
            thread, over tcp loopback; jobs are answered instantly, so only the fleet is measured). With every \
            worker idle for --hold-seconds it records the gaps between consecutive messages of each worker as \
            the coordinator sees them (median, p99, max, pooled over workers), then the longest silence of any \
            worker while jobs run, and counts workers declared dead. Then it submits \
            --jobs accuracy jobs at once (jobs/s until the last result) and --probes single jobs one after \
            another (dispatch round trip: submit, lease, worker, result). The same run with one worker is the \
            reference. Repeated --repetitions times; medians are printed. Prints the open-file limit, as every \
            worker costs file descriptors.
            """)

    @Option(help: "Workers connected at once.") var workers = 200
    @Option(help: "Heartbeat interval in ms.") var heartbeatMs = 1000
    @Option(help: "Seconds to watch heartbeats before the jobs.") var holdSeconds = 10.0
    @Option(help: "Accuracy jobs submitted at once.") var jobs = 20_000
    @Option(help: "Single jobs timed one after another.") var probes = 200
    @Option(help: "Repetitions (the median is reported).") var repetitions = 3
    @Flag(help: "Skip the one-worker reference run.") var noReference = false
    @Flag(help: "Every worker with its own CURVE key on the coordinator's allow-list (encrypted, ZAP-checked).")
    var curve = false
    @OptionGroup var logging: LogOptions

    func validate() throws {
        guard workers >= 1, jobs >= 1, probes >= 0, repetitions >= 1 else {
            throw ValidationError("--workers, --jobs and --repetitions must be at least 1 and --probes not negative")
        }
        guard heartbeatMs >= 10 else { throw ValidationError("--heartbeat-ms \(heartbeatMs) must be at least 10") }
        guard holdSeconds >= 0 else { throw ValidationError("--hold-seconds \(holdSeconds) must not be negative") }
    }

    func run() async throws {
        let logger = try logging.makeLogger(label: "hsconas.bench", defaultLevel: .error)
        var limit = rlimit()
        getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
        Console.line("open-file limit (ulimit -n): \(limit.rlim_cur) soft, \(limit.rlim_max) hard")
        var reports: [LoadReport] = []
        var references: [LoadReport] = []
        for repetition in 1...repetitions {
            let report = try await FleetLoadProbe(
                workers: workers, heartbeatMs: heartbeatMs, holdSeconds: holdSeconds, jobs: jobs, probes: probes,
                curve: curve
            ).run(logger: logger)
            Console.line("run \(repetition): \(Self.describe(report))")
            reports.append(report)
            if !noReference {
                let reference = try await FleetLoadProbe(
                    workers: 1, heartbeatMs: heartbeatMs, holdSeconds: min(holdSeconds, 3), jobs: jobs, probes: probes,
                    curve: curve
                ).run(logger: logger)
                Console.line("run \(repetition), reference: \(Self.describe(reference))")
                references.append(reference)
            }
        }
        Console.line("median over \(repetitions): \(Self.describe(Self.median(reports)))")
        if !references.isEmpty {
            Console.line("reference (1 worker) median: \(Self.describe(Self.median(references)))")
        }
    }

    static func describe(_ report: LoadReport) -> String {
        "\(report.workers) workers (joined in \(format(report.joinSeconds)) s); heartbeat \(report.heartbeatMs) ms: "
            + "gap median \(format(report.gapMedianMs)) ms, p99 \(format(report.gapP99Ms)) ms, max \(format(report.gapMaxMs)) ms (idle), "
            + "longest silence under load \(format(report.busyGapMaxMs)) ms; declared dead \(report.workersLost); \(report.completed)/\(report.jobs) jobs at \(Int(report.jobsPerSecond)) jobs/s; "
            + "dispatch round trip median \(format(report.latencyMedianMs)) ms, p99 \(format(report.latencyP99Ms)) ms"
    }

    static func format(_ value: Double) -> String {
        String(format: "%.1f", value)
    }

    /// Field-wise medians.
    static func median(_ reports: [LoadReport]) -> LoadReport {
        func mid(_ values: [Double]) -> Double {
            let sorted = values.sorted()
            return sorted[sorted.count / 2]
        }
        var result = reports[0]
        result.gapMedianMs = mid(reports.map(\.gapMedianMs))
        result.gapP99Ms = mid(reports.map(\.gapP99Ms))
        result.gapMaxMs = mid(reports.map(\.gapMaxMs))
        result.busyGapMaxMs = mid(reports.map(\.busyGapMaxMs))
        result.jobsPerSecond = mid(reports.map(\.jobsPerSecond))
        result.latencyMedianMs = mid(reports.map(\.latencyMedianMs))
        result.latencyP99Ms = mid(reports.map(\.latencyP99Ms))
        result.joinSeconds = mid(reports.map(\.joinSeconds))
        result.workersLost = reports.map(\.workersLost).max() ?? 0
        result.completed = reports.map(\.completed).min() ?? 0
        return result
    }
}
