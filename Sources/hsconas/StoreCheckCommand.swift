import ArgumentParser
import BenchmarkData
import Foundation
import Orchestrator
import Search
import Store

/// `hsconas store check RUN.sqlite`: verifies a run store's integrity without changing it.
struct StoreCheckCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify a run store's integrity; exits non-zero with every problem named.",
        discussion: """
            Checks, without writing anything: SQLite's integrity_check; that the file is an hsconas run \
            store and its schema version is known; the run row (one, with its config; result and finish \
            time together); every evaluation (a known metric, a finite value with a known source, or a \
            failure with its error; one row per space, architecture, metric and device); every checkpoint \
            decodes as the run's strategy state; the shrink log (each step shrinks the space and continues \
            the previous one). Prints a summary, then the problems; exit status 1 when there are any.
            """)

    /// Metric names the search driver writes.
    static let knownMetrics = StoredMetrics.all

    @Argument(help: "The store, e.g. runs/quickstart-20260101-120000/run.sqlite.")
    var store: String

    func run() async throws {
        let decode = try checkpointDecoder()
        let report = StoreInspection.check(path: store, knownMetrics: Self.knownMetrics, decodeCheckpoint: decode)
        Console.line("store \(store)")
        for line in report.summary { Console.line("  \(line)") }
        guard report.isSound else {
            Console.line("\(report.problems.count) problem(s):")
            for problem in report.problems { Console.line("  - \(problem)") }
            throw ExitCode(1)
        }
        Console.line("ok: no problems found")
    }

    /// Decodes checkpoint states as the strategy the run's stored config names; when the config
    /// itself is unreadable, only checks that each state is JSON (the config problem is reported).
    private func checkpointDecoder() throws -> (Data) throws -> Void {
        let jsonOnly: (Data) throws -> Void = { data in _ = try JSONSerialization.jsonObject(with: data) }
        guard let run = try? StoreInspection.run(at: store), let table = try? TableLoader.load(),
            let config = try? SearchConfig.parse(yaml: run.config, table: table)
        else { return jsonOnly }
        let decoder = JSONDecoder()
        switch config.strategy {
        case .hsconas: return { data in _ = try decoder.decode(HSCoNASEvolution.self, from: data) }
        case .random: return { data in _ = try decoder.decode(RandomSearch.self, from: data) }
        case .regularizedEvolution: return { data in _ = try decoder.decode(RegularizedEvolution.self, from: data) }
        }
    }
}
