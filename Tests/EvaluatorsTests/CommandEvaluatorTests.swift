import Evaluators
import Fleet
import Foundation
import Testing
import TestSupport
import WorkerExecutors

/// The user-evaluator protocol against a real Python process: normal answers, and a process that
/// crashes, hangs, prints garbage or answers the wrong job.
@Suite("command evaluator")
struct CommandEvaluatorTests {
    static func make(_ label: String, timeout: Duration = .seconds(20)) throws -> (CommandEvaluator, URL) {
        let directory = try TinyEvaluator.directory(label)
        let log = directory.appendingPathComponent("evaluator.log")
        let evaluator = CommandEvaluator(
            settings: CommandEvaluatorSettings(
                command: try TinyEvaluator.command(in: directory), timeout: timeout, startupTimeout: .seconds(20),
                logPath: log.path))
        return (evaluator, log)
    }

    static func evaluate(_ evaluator: CommandEvaluator, _ id: String, _ architecture: String, _ settings: [String: String] = [:])
        async throws -> Result<CommandEvaluation, CommandEvaluatorFailure>
    {
        try await offPool { evaluator.evaluate(id: id, space: "nb201", architecture: architecture, settings: settings) }
    }

    @Test("answers come back as metrics, through one long-lived process; prints go to the log")
    func normalAnswers() async throws {
        let (evaluator, log) = try Self.make("normal")
        defer { evaluator.stop() }
        let identity = try await offPool { try evaluator.start() }
        #expect(identity == ["name": "tiny", "version": "0.1"])
        let first = try await Self.evaluate(evaluator, "1", "abcd", ["scale": "2.5"]).get()
        #expect(first.metrics["valid_accuracy"] == 4)
        #expect(first.metrics["test_accuracy"] == 50)
        #expect(first.metrics["scale"] == 2.5)
        let second = try await Self.evaluate(evaluator, "2", "chatty").get()
        #expect(second.metrics["valid_accuracy"] == 6)
        #expect(second.metrics["pid"] == first.metrics["pid"], "one process serves every job")
        #expect(evaluator.starts == 1)
        let text = try String(contentsOf: log, encoding: .utf8)
        #expect(text.contains("evaluating abcd"))
        #expect(text.contains("a print from user code"))
    }

    @Test("a crash mid-job fails that job (retryable), and the next job gets a fresh process")
    func crash() async throws {
        let (evaluator, _) = try Self.make("crash")
        defer { evaluator.stop() }
        let before = try await Self.evaluate(evaluator, "1", "ok").get()
        let crashed = await #expect(throws: CommandEvaluatorFailure.self) { try await Self.evaluate(evaluator, "2", "crash").get() }
        #expect(crashed?.retryable == true)
        #expect(crashed?.message.contains("exit status 3") == true, "\(crashed?.message ?? "")")
        let after = try await Self.evaluate(evaluator, "3", "ok").get()
        #expect(after.metrics["valid_accuracy"] == 2)
        #expect(after.metrics["pid"] != before.metrics["pid"])
        #expect(evaluator.starts == 2)
    }

    @Test("a hang is cut at the timeout: the process is killed and restarted, the job fails retryable")
    func hang() async throws {
        let (evaluator, _) = try Self.make("hang", timeout: .milliseconds(700))
        defer { evaluator.stop() }
        _ = try await offPool { try evaluator.start() }
        let start = ContinuousClock.now
        let hung = await #expect(throws: CommandEvaluatorFailure.self) { try await Self.evaluate(evaluator, "1", "hang").get() }
        #expect(ContinuousClock.now - start < .seconds(30), "the evaluator sleeps 60 s: the timeout must cut it")
        #expect(hung?.retryable == true)
        #expect(hung?.message.contains("within 700 ms") == true, "\(hung?.message ?? "")")
        let after = try await Self.evaluate(evaluator, "2", "fine").get()
        #expect(after.metrics["valid_accuracy"] == 4)
        #expect(evaluator.starts == 2)
    }

    @Test("garbage or another job's answer fails the job with the text and restarts the evaluator")
    func garbage() async throws {
        let (evaluator, _) = try Self.make("garbage")
        defer { evaluator.stop() }
        let garbage = await #expect(throws: CommandEvaluatorFailure.self) { try await Self.evaluate(evaluator, "1", "garbage").get() }
        #expect(garbage?.message.contains("loading weights... 42%") == true, "\(garbage?.message ?? "")")
        #expect(garbage?.retryable == false)
        let wrong = await #expect(throws: CommandEvaluatorFailure.self) { try await Self.evaluate(evaluator, "2", "wrong-id").get() }
        #expect(wrong?.message.contains("someone-else") == true, "\(wrong?.message ?? "")")
        // The stale answers of the old processes never leak into later jobs.
        let after = try await Self.evaluate(evaluator, "3", "fine").get()
        #expect(after.metrics["valid_accuracy"] == 4)
        #expect(evaluator.starts == 3)
    }

    @Test("an evaluator error or an answer without valid_accuracy fails the job; the process keeps serving")
    func refusedAnswers() async throws {
        let (evaluator, _) = try Self.make("refused")
        defer { evaluator.stop() }
        let raised = await #expect(throws: CommandEvaluatorFailure.self) { try await Self.evaluate(evaluator, "1", "raise").get() }
        #expect(raised?.message.contains("RuntimeError: no such path in the supernet") == true, "\(raised?.message ?? "")")
        let missing = await #expect(throws: CommandEvaluatorFailure.self) { try await Self.evaluate(evaluator, "2", "no-valid").get() }
        #expect(missing?.message.contains("valid_accuracy") == true, "\(missing?.message ?? "")")
        _ = try await Self.evaluate(evaluator, "3", "ok").get()
        #expect(evaluator.starts == 1)
    }

    @Test("a command that never says ready is refused with the command and the log named")
    func notReady() async throws {
        let directory = try TinyEvaluator.directory("notready")
        let evaluator = CommandEvaluator(
            settings: CommandEvaluatorSettings(
                command: "echo 'hello there'; sleep 5", timeout: .seconds(5), startupTimeout: .seconds(5),
                logPath: directory.appendingPathComponent("log").path))
        let error = await #expect(throws: EvaluatorError.self) { try await offPool { try evaluator.start() } }
        #expect(error?.description.contains("must print {\"ready\": true} first, printed 'hello there'") == true, "\(error?.description ?? "")")
        let missing = CommandEvaluator(
            settings: CommandEvaluatorSettings(
                command: "/nonexistent/evaluator", timeout: .seconds(5), startupTimeout: .seconds(5),
                logPath: directory.appendingPathComponent("log2").path))
        let exited = await #expect(throws: EvaluatorError.self) { try await offPool { try missing.start() } }
        #expect(exited?.description.contains("exited before it was ready") == true, "\(exited?.description ?? "")")
    }

    @Test("the executor labels answers 'evaluator' and turns failures into failed jobs")
    func executor() async throws {
        let (evaluator, _) = try Self.make("executor")
        defer { evaluator.stop() }
        let executor = EvaluatorExecutor(evaluator: evaluator, spaces: ["nb201"])
        let result = try await offPool {
            executor.execute(JobSpec(jobID: "j", kind: .accuracy, space: "nb201", architecture: "abc"))
        }.get()
        #expect(result.source == "evaluator")
        #expect(result.metrics["valid_accuracy"] == 3)
        #expect(result.environment["evaluator"] == "command")
        #expect(result.environment["evaluator_name"] == "tiny")
        let failed = await #expect(throws: JobFailure.self) {
            try await offPool { executor.execute(JobSpec(jobID: "k", kind: .accuracy, space: "nb201", architecture: "crash")) }.get()
        }
        #expect(failed?.jobID == "k")
        #expect(failed?.retryable == true)
    }

    @Test("shutdown() through a wrapping executor stops the evaluator process")
    func shutdownThroughWrapper() async throws {
        let (evaluator, _) = try Self.make("shutdown")
        defer { evaluator.stop() }
        let executor = AccuracySplitExecutor(
            accuracy: EvaluatorExecutor(evaluator: evaluator, spaces: ["nb201"]), other: EchoExecutor())
        let job = JobSpec(jobID: "j", kind: .accuracy, space: "nb201", architecture: "abc")
        _ = try await offPool { executor.execute(job) }.get()
        #expect(evaluator.starts == 1)
        await executor.shutdown()
        // Stopped: the next job has to start the process again.
        _ = try await offPool { executor.execute(job) }.get()
        #expect(evaluator.starts == 2)
    }
}
