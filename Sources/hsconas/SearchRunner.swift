import BenchmarkData
import Foundation
import Logging
import Orchestrator

/// The body shared by `search` and `coordinator`: load, validate, run, summarise.
enum SearchRunner {
    static func run(options: SearchOptions, bind: String?, spawnLocalWorkers: Bool, logger: Logger) async throws {
        let table = try TableLoader.load()
        let config: SearchConfig
        let text: String
        do {
            // Read once: the same text is validated and stored with the run.
            (config, text) = try SearchConfig.load(path: options.config, table: table)
            if let bind { try Endpoint.check(bind, field: "--bind") }
            if spawnLocalWorkers {
                // With only local workers, a missing kind of worker would leave jobs waiting forever.
                guard config.fleet.accuracyWorkers > 0 else {
                    throw ConfigError(
                        field: "fleet.accuracy_workers",
                        "is 0, so nothing here would evaluate accuracy; use 'hsconas coordinator' to wait for remote workers")
                }
                guard config.targets.isEmpty || config.fleet.workersPerDevice > 0 else {
                    throw ConfigError(
                        field: "fleet.workers_per_device",
                        "is 0, so nothing here would answer latency jobs; use 'hsconas coordinator' to wait for remote workers")
                }
            }
        } catch let error as ConfigError {
            throw CommandFailure(error.description)
        }
        var session = SearchSession(
            config: config, configText: text, table: table, spawnLocalWorkers: spawnLocalWorkers, logger: logger)
        session.bind = bind
        session.output = options.output
        let printer = ProgressPrinter(quiet: options.quiet)
        let targets = config.targets.map { "\($0.device) ≤ \(format($0.maxLatencyMs)) ms" }.joined(separator: ", ")
        let on = config.isSPOS ? "spos (\(config.accuracyEvaluator) evaluator)" : "\(config.space)/\(config.dataset.rawValue)"
        let mode = config.strategy == .hsconas
            ? ", constraint \(config.constraint.rawValue)" + (config.isSPOS ? ", channel scaling \(config.usesChannelScaling ? "on" : "off")" : "")
            : ""
        Console.line("search '\(config.name)' (strategy \(config.strategy.rawValue), seed \(config.seed)\(mode)) on \(on), "
            + "budget \(config.budget) \(config.accuracyEvaluator == "proxy" ? "proxy" : "accuracy") evaluations, "
            + "targets: \(targets.isEmpty ? "none" : targets)")
        let outcome: (SearchResult, URL)
        do {
            outcome = try await session.run(
                listening: { endpoint in
                    Console.line("coordinator listening on \(endpoint)"
                        + (spawnLocalWorkers ? "; starting \(session.localWorkerSpecs().count) local workers" : "; waiting for workers"))
                },
                progress: printer.update,
                profiling: { device, done, total in
                    printer.update(line: "profiling the operator table of \(device): \(done)/\(total) operators")
                })
        } catch {
            printer.finish()
            throw CommandFailure("\(error)")
        }
        printer.finish()
        Console.line(SummaryFormatter.summary(outcome.0, directory: outcome.1))
    }

    static func format(_ value: Double) -> String {
        String(format: "%.3g", value)
    }
}
