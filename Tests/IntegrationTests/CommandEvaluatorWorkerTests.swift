import Fleet
import Foundation
import Testing
import ZeroMQ

/// `hsconas worker --evaluator command` as a real process with a real Python evaluator behind it.
@Suite("command evaluator worker")
struct CommandEvaluatorWorkerTests {
    static let script = """
        import os, sys
        sys.path.insert(0, sys.argv[1])
        from hsconas_evaluator import serve

        def evaluate(space, architecture, settings):
            if architecture.startswith("crash"):
                os._exit(5)
            print("evaluated", architecture)  # must land in the log, not on the protocol stream
            return {"valid_accuracy": 60.0 + len(architecture), "test_accuracy": 59.0, "epochs": 3}

        serve(evaluate, name="worker-test")
        """

    @Test("answers carry source 'evaluator'; a crashing job fails after its attempts and the worker keeps serving")
    func commandWorker() async throws {
        let scratch = try Scratch.directory("cmdworker")
        let scriptURL = scratch.appendingPathComponent("eval.py")
        try Self.script.write(to: scriptURL, atomically: true, encoding: .utf8)
        let log = scratch.appendingPathComponent("evaluator.log")
        let python = PythonWorkerTests.repository.appendingPathComponent("Python").path
        let coordinator = try FleetCoordinator(
            context: try ZMQContext(), bind: "tcp://127.0.0.1:*",
            settings: CoordinatorSettings(coordinatorID: "command-test", heartbeatMs: 500))
        let worker = try ChildProcess(
            [
                "worker", "--coordinator", coordinator.endpoint, "--id", "cmd-a", "--kinds", "accuracy",
                "--evaluator", "command", "--evaluator-command", "python3 '\(scriptURL.path)' '\(python)'",
                "--evaluator-timeout-ms", "10000", "--evaluator-log", log.path, "--capacity", "1", "--heartbeat-ms", "500",
            ], name: "cmd-a")
        let jobs = [
            JobSpec(jobID: "a", kind: .accuracy, space: "spos", architecture: "abc"),
            JobSpec(jobID: "crash", kind: .accuracy, space: "spos", architecture: "crash-me"),
            JobSpec(jobID: "b", kind: .accuracy, space: "nb201", architecture: "abcdef"),
        ]
        coordinator.submit(jobs)
        var results: [String: JobResult] = [:]
        var failures: [String: (error: String, attempts: Int)] = [:]
        for await event in coordinator.events {
            switch event {
            case .completed(let job, let result, _, _, _): results[job.jobID] = result
            case .failed(let job, let error, let attempts): failures[job.jobID] = (error, attempts)
            default: break
            }
            if results.count + failures.count == jobs.count { break }
        }
        await coordinator.shutdown()
        _ = try? await worker.waitForExit(idle: .seconds(20))

        #expect(results["a"]?.source == "evaluator")
        #expect(results["a"]?.metrics == ["valid_accuracy": 63, "test_accuracy": 59, "epochs": 3])
        #expect(results["a"]?.environment["evaluator_name"] == "worker-test")
        #expect(results["b"]?.metrics["valid_accuracy"] == 66)
        let crash = try #require(failures["crash"])
        #expect(crash.attempts == 3, "a crash is retryable: the coordinator tries it 3 times")
        #expect(crash.error.contains("exit status 5"), "\(crash.error)")
        let logged = try String(contentsOf: log, encoding: .utf8)
        #expect(logged.contains("evaluated abc"))
    }
}
