import BenchmarkData
import Fleet
import Foundation
import Logging
import Live
import Orchestrator
import Report
import Store

/// The body shared by `search` and `coordinator`: load, validate, run, summarise.
enum SearchRunner {
    /// `bind` (the `--bind` flag) overrides `fleet.bind`; `defaultBind`, when set, is bound instead of
    /// `fleet.bind`'s default when the config does not name one.
    static func run(
        options: SearchOptions, bind: String?, defaultBind: String? = nil, spawnLocalWorkers: Bool,
        security: CoordinatorSecurity? = nil, logger: Logger
    ) async throws {
        let table = try TableLoader.load()
        let config: SearchConfig
        let text: String
        var storedBefore = 0
        do {
            if let resume = options.resume {
                let run: RunRecord
                do {
                    run = try SearchSession.resumableRun(at: resume)
                    if run.finishedAt == nil { storedBefore = try RunStore(existing: resume).evaluations().count }
                } catch {
                    throw CommandFailure("--resume: \(error)")
                }
                if run.finishedAt != nil {
                    try printFinished(run, store: resume)
                    return
                }
                text = run.config
                config = try SearchConfig.parse(yaml: text, table: table)
            } else {
                // Read once: the same text is validated and stored with the run.
                (config, text) = try SearchConfig.load(path: options.config ?? "", table: table)
            }
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
            throw CommandFailure((options.resume.map { "--resume \($0): stored config: " } ?? "") + error.description)
        }
        let bounded = options.applyingBounds(to: config)
        var session = SearchSession(
            config: bounded, configText: text, table: table, spawnLocalWorkers: spawnLocalWorkers, logger: logger)
        session.bind = bind ?? (config.fleet.bind == nil ? defaultBind : nil)
        session.security = security
        session.output = options.output
        session.resumeStore = options.resume
        let live = try await LiveOption.start(options.http, logger: logger)
        session.onStarted = { coordinator, store in live?.attach(coordinator: coordinator, store: store) }
        let printer = ProgressPrinter(quiet: options.quiet)
        let targets = config.targets.map {
            "\($0.device) ≤ " + ($0.maxLatency.map { "\($0) (resolved on the device at start)" } ?? "\(format($0.maxLatencyMs)) ms")
        }.joined(separator: ", ")
        if let resume = options.resume {
            Console.line("resuming '\(config.name)' from \(resume): \(storedBefore) evaluations stored")
            logger.notice("resuming a run", metadata: ["store": "\(resume)", "stored": "\(storedBefore)"])
        }
        let on = config.isSPOS ? "spos (\(config.accuracyEvaluator) evaluator)" : "\(config.space)/\(config.dataset.rawValue)"
        let mode = config.strategy == .hsconas
            ? ", constraint \(config.constraint.rawValue)" + (config.isSPOS ? ", channel scaling \(config.usesChannelScaling ? "on" : "off")" : "")
            : ""
        Console.line("search '\(config.name)' (strategy \(config.strategy.rawValue), seed \(config.seed)\(mode)) on \(on), "
            + "budget \(config.budget) \(config.accuracyEvaluator == .proxy ? "proxy" : "accuracy") evaluations, "
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
                },
                limitProgress: { line in printer.update(line: line) },
                limitResolved: { line in
                    printer.finish()
                    Console.line("limit resolved: " + line)
                })
        } catch {
            printer.finish()
            await live?.stop()
            // Stopped by a signal: said as such by the command, with how to continue.
            if error is RunInterrupted { throw error }
            throw CommandFailure("\(error)")
        }
        printer.finish()
        live?.finish()
        if options.resume != nil {
            let storedAfter = (try? RunStore(path: outcome.0.store).evaluations().count) ?? storedBefore
            Console.line("resumed: \(storedBefore) evaluations came from the store, \(storedAfter - storedBefore) were newly done")
        }
        Console.line(SummaryFormatter.summary(outcome.0, directory: outcome.1))
        // The search's figures are already stored: a report that cannot be written is said, not fatal.
        let report = outcome.1.appendingPathComponent("report.html").path
        do {
            try RunReport.write(storeAt: outcome.0.store, to: report)
            Console.line("Report: \(report)")
        } catch {
            Console.line("Report: not written: \(error)")
        }
        if let live {
            if options.httpLinger > 0 {
                Console.line("live page: serving the final figures for \(SearchRunner.format(options.httpLinger)) s")
                try? await Task.sleep(for: .seconds(options.httpLinger))
            }
            await live.stop()
        }
    }

    /// A finished run is not run again: its stored result is printed instead.
    private static func printFinished(_ run: RunRecord, store: String) throws {
        let directory = URL(fileURLWithPath: store).deletingLastPathComponent()
        Console.line("run '\(run.name)' in \(store) already finished; nothing to resume. Its result:")
        guard let json = run.result, let result = try? JSONDecoder().decode(SearchResult.self, from: Data(json.utf8)) else {
            Console.line(run.result ?? "(no result stored)")
            return
        }
        Console.line(SummaryFormatter.summary(result, directory: directory))
    }

    static func format(_ value: Double) -> String {
        String(format: "%.3g", value)
    }
}
