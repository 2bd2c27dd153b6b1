import ArgumentParser
import BenchmarkData
import Evaluators
import Fleet
import Foundation
import Orchestrator
import SearchSpace
import WorkerExecutors

/// The worker's accuracy evaluator: the NAS-Bench-201 table, the NASWOT proxy on the engine, or
/// the user's own evaluator process.
struct EvaluatorOptions: ParsableArguments {
    @Option(
        name: .long,
        help: ArgumentHelp(
            "Accuracy evaluator: table, proxy or command.",
            discussion: """
                table    the NAS-Bench-201 table's accuracy (nb201 only; source 'table')
                proxy    NASWOT, a training-free score computed by the engine on seeded Gaussian inputs, \
                answered as metric 'proxy_score' (source 'proxy'; a proxy, never an accuracy; nb201 and spos)
                command  your evaluator process (--evaluator-command), JSON lines on stdin/stdout, see \
                Docs/evaluators.md (source 'evaluator')
                """))
    var evaluator: AccuracyEvaluatorKind = .table

    @Option(name: .long, help: "For --evaluator command: the command that starts your evaluator, e.g. 'python3 my_eval.py'.")
    var evaluatorCommand: String?

    @Option(name: .long, help: "For --evaluator command: the longest wait for one answer in ms; then the evaluator is killed and restarted and the job fails.")
    var evaluatorTimeoutMs: Int = 300_000

    @Option(name: .long, help: "For --evaluator command: the longest wait for the evaluator's ready line after a (re)start, in ms.")
    var evaluatorStartupTimeoutMs: Int = 600_000

    @Option(name: .long, help: "For --evaluator command: the file the evaluator's stderr is appended to (default: hsconas-evaluator-<pid>.log in the temporary directory).")
    var evaluatorLog: String?

    @Option(name: .long, help: "For --evaluator proxy: inputs per score, 2…1024 (default 64 for nb201, 8 for spos; a job's proxy_batch setting wins).")
    var proxyBatch: Int?

    @Option(name: .long, help: "For --evaluator proxy: seed of the weights and inputs (a job's proxy_seed setting wins).")
    var proxySeed: UInt64 = ProxySettings.defaultSeed

    /// Refuses unknown evaluators and flags that do not fit them, naming the flag and value.
    func check() throws {
        if evaluator == .command {
            guard let command = evaluatorCommand, !command.trimmingCharacters(in: .whitespaces).isEmpty else {
                throw ValidationError("--evaluator command needs --evaluator-command 'program args' (e.g. 'python3 my_eval.py')")
            }
        } else if evaluatorCommand != nil {
            throw ValidationError("--evaluator-command is for --evaluator command, not '\(evaluator)'")
        }
        guard evaluatorTimeoutMs >= 1 else {
            throw ValidationError("--evaluator-timeout-ms \(evaluatorTimeoutMs) must be at least 1")
        }
        guard evaluatorStartupTimeoutMs >= 1 else {
            throw ValidationError("--evaluator-startup-timeout-ms \(evaluatorStartupTimeoutMs) must be at least 1")
        }
        if let proxyBatch, !(2...1024).contains(proxyBatch) {
            throw ValidationError("--proxy-batch \(proxyBatch) must be between 2 and 1024")
        }
    }

    /// The accuracy executor for a non-table evaluator (nil for `table`: the caller keeps its
    /// table executor). A command evaluator is started here, so a bad command fails the worker
    /// before it joins the fleet.
    func makeAccuracyExecutor() throws -> (any JobExecutor)? {
        switch evaluator {
        case .proxy:
            return ProxyExecutor(settings: ProxySettings(batch: proxyBatch, seed: proxySeed))
        case .command:
            let log = evaluatorLog
                ?? FileManager.default.temporaryDirectory.appendingPathComponent("hsconas-evaluator-\(getpid()).log").path
            let evaluator = CommandEvaluator(
                settings: CommandEvaluatorSettings(
                    command: evaluatorCommand ?? "", timeout: .milliseconds(evaluatorTimeoutMs),
                    startupTimeout: .milliseconds(evaluatorStartupTimeoutMs), logPath: log))
            do {
                try evaluator.start()
            } catch {
                throw CommandFailure(error.description)
            }
            return EvaluatorExecutor(evaluator: evaluator, spaces: SearchSpaces.names)
        case .table:
            return nil
        }
    }
}
