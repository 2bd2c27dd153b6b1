import Foundation
import Runtimes
import Synchronization

/// The user's own accuracy evaluator as a long-lived process (for example a PyTorch script
/// holding a trained supernet), spoken to in JSON lines (see `Docs/evaluators.md`):
///
/// - after starting, the evaluator prints `{"ready": true}` (optionally `"name"`, `"version"`);
/// - per job hsconas writes `{"id", "space", "architecture", "settings"}` and the evaluator
///   answers `{"id", "metrics": {"valid_accuracy": …, …}}` or `{"id", "error": "…"}`.
///
/// A crashed evaluator is restarted at the next job and the job it was on fails; one that does
/// not answer within the timeout is killed, restarted, and its job fails (retryable); a line that
/// is not an answer to the job (not JSON, another id) fails the job with that text and restarts
/// the evaluator, whose stream is out of step. Calls are serialised: one job at a time.
public final class CommandEvaluator: Sendable {
    /// The command, timeouts and log file it runs the evaluator with.
    public let settings: CommandEvaluatorSettings
    private let state = Mutex<State>(State())

    private struct State: ~Copyable {
        var process: LineProcess?
        var identity: [String: String] = [:]
        var starts = 0
    }

    /// Nothing starts until ``start()`` or the first evaluation.
    public init(settings: CommandEvaluatorSettings) {
        self.settings = settings
    }

    /// Starts the evaluator (if not running) and waits for its ready line; the `name`/`version`
    /// it announced. Errors name the command and point at the log.
    @discardableResult
    public func start() throws(EvaluatorError) -> [String: String] {
        try state.withLock { state throws(EvaluatorError) in
            try ensureRunning(&state)
            return state.identity
        }
    }

    /// How many times the evaluator process was started (restarts show here).
    public var starts: Int { state.withLock { $0.starts } }

    /// Stops the evaluator: closes its stdin, then terminates it after a short grace period.
    public func stop() {
        state.withLock { state in
            state.process?.terminate(grace: .seconds(2))
            state.process = nil
        }
    }

    /// Evaluates one architecture: its metrics, or a failure saying what went wrong.
    public func evaluate(
        id: String, space: String, architecture: String, settings jobSettings: [String: String]
    ) -> Result<CommandEvaluation, CommandEvaluatorFailure> {
        state.withLock { state in
            do throws(EvaluatorError) {
                try ensureRunning(&state)
            } catch {
                return .failure(CommandEvaluatorFailure(message: error.description, retryable: true))
            }
            guard let process = state.process else {
                return .failure(CommandEvaluatorFailure(message: "the evaluator is not running", retryable: true))
            }
            let request: [String: Any] = ["id": id, "space": space, "architecture": architecture, "settings": jobSettings]
            guard let data = try? JSONSerialization.data(withJSONObject: request, options: [.sortedKeys]) else {
                return .failure(CommandEvaluatorFailure(message: "the job cannot be written as JSON", retryable: false))
            }
            func restart(_ message: String, _ retryable: Bool) -> Result<CommandEvaluation, CommandEvaluatorFailure> {
                process.kill()
                state.process = nil
                return .failure(CommandEvaluatorFailure(message: message, retryable: retryable))
            }
            guard process.send(String(decoding: data, as: UTF8.self)) else {
                return restart("evaluator '\(settings.command)' is gone (\(exitText(process))); restarting it; see \(settings.logPath)", true)
            }
            let line: String
            do throws(LineProcess.Failure) {
                line = try process.readLine(timeout: settings.timeout)
            } catch {
                switch error {
                case .timedOut:
                    return restart(
                        "evaluator gave no answer within \(Self.milliseconds(settings.timeout)) ms (--evaluator-timeout-ms); killed and restarting it",
                        true)
                case .exited:
                    return restart(
                        "evaluator crashed or exited (\(exitText(process))) during the job; restarting it; see \(settings.logPath)", true)
                case .lineTooLong(let bytes):
                    return restart("evaluator printed a line of \(bytes) bytes that is not an answer; restarting it", false)
                }
            }
            switch Self.parse(line, id: id) {
            case .answer(let metrics):
                return .success(CommandEvaluation(metrics: metrics, identity: state.identity))
            case .refused(let message):
                return .failure(CommandEvaluatorFailure(message: message, retryable: false))
            case .outOfStep(let message):
                return restart(message + "; restarting the evaluator (its output is out of step)", false)
            }
        }
    }

    private func ensureRunning(_ state: inout State) throws(EvaluatorError) {
        if let process = state.process {
            if process.process.isRunning { return }
            process.kill()
            state.process = nil
        }
        let log = try openLog()
        let process: LineProcess
        do {
            process = try LineProcess(
                executable: "/bin/sh", arguments: ["-c", "exec " + settings.command], standardError: log)
        } catch {
            throw EvaluatorError(field: "--evaluator-command", reason: "'\(settings.command)' could not start: \(error)")
        }
        state.starts += 1
        let line: String
        do throws(LineProcess.Failure) {
            line = try process.readLine(timeout: settings.startupTimeout)
        } catch {
            process.kill()
            if error == .timedOut {
                throw EvaluatorError(
                    field: "--evaluator-command",
                    reason: "'\(settings.command)' printed no ready line within \(Self.milliseconds(settings.startupTimeout)) ms; see \(settings.logPath)")
            }
            throw EvaluatorError(
                field: "--evaluator-command",
                reason: "'\(settings.command)' exited before it was ready (\(exitText(process))); see \(settings.logPath)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
            object["ready"] as? Bool == true
        else {
            process.kill()
            throw EvaluatorError(
                field: "--evaluator-command",
                reason: "'\(settings.command)' must print {\"ready\": true} first, printed '\(Self.clip(line))'")
        }
        var identity: [String: String] = [:]
        for key in ["name", "version"] {
            if let value = object[key] as? String { identity[key] = value }
        }
        state.identity = identity
        state.process = process
    }

    private func openLog() throws(EvaluatorError) -> FileHandle {
        let url = URL(fileURLWithPath: settings.logPath)
        if !FileManager.default.fileExists(atPath: url.path) {
            guard FileManager.default.createFile(atPath: url.path, contents: nil) else {
                throw EvaluatorError(field: "--evaluator-log", reason: "cannot create '\(settings.logPath)'")
            }
        }
        do {
            let handle = try FileHandle(forWritingTo: url)
            try handle.seekToEnd()
            return handle
        } catch {
            throw EvaluatorError(field: "--evaluator-log", reason: "cannot write '\(settings.logPath)': \(error)")
        }
    }

    private func exitText(_ process: LineProcess) -> String {
        if process.process.isRunning { return "still running" }
        let status = process.process.terminationStatus
        return process.process.terminationReason == .uncaughtSignal ? "killed by signal \(status)" : "exit status \(status)"
    }

    /// What an answer line says about job `id`.
    enum Parsed: Equatable {
        case answer([String: Double])
        /// In step, but no usable metrics: the job fails, the evaluator keeps running.
        case refused(String)
        /// Not an answer to this job: the evaluator must be restarted.
        case outOfStep(String)
    }

    static func parse(_ line: String, id: String) -> Parsed {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else {
            return .outOfStep("evaluator printed a line that is not a JSON object: '\(clip(line))'")
        }
        guard let answerID = object["id"] as? String, answerID == id else {
            return .outOfStep("evaluator answered id '\(object["id"].map { "\($0)" } ?? "(none)")', expected '\(id)': '\(clip(line))'")
        }
        if let error = object["error"] {
            return .refused("evaluator error: \(error as? String ?? "\(error)")")
        }
        guard object["metrics"] is [String: Any] else {
            return .refused("evaluator answer has no \"metrics\" object: '\(clip(line))'")
        }
        // The decoder refuses booleans, strings and nulls where numbers belong.
        guard let metrics = try? JSONDecoder().decode(Answer.self, from: Data(line.utf8)).metrics else {
            return .refused("evaluator metrics must all be numbers: '\(clip(line))'")
        }
        guard metrics["valid_accuracy"] != nil else {
            return .refused("evaluator answer has no metrics.valid_accuracy: '\(clip(line))'")
        }
        return .answer(metrics)
    }

    private struct Answer: Decodable {
        let metrics: [String: Double]
    }

    static func clip(_ text: String) -> String {
        text.count <= 200 ? text : String(text.prefix(200)) + "…"
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
