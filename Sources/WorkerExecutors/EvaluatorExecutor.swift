import Evaluators
import Fleet
import Foundation

/// A worker's executor for accuracy jobs answered by the user's evaluator process
/// (``CommandEvaluator``): the metrics it returns, source `evaluator`.
public struct EvaluatorExecutor: JobExecutor {
    /// The user's evaluator process, which answers every accuracy job.
    public let evaluator: CommandEvaluator
    /// Spaces the worker offers (the evaluator itself decides what it can evaluate).
    public let spaces: [String]

    /// Answers accuracy jobs with `evaluator` and offers `spaces` in the worker's hello.
    public init(evaluator: CommandEvaluator, spaces: [String]) {
        self.evaluator = evaluator
        self.spaces = spaces
    }

    /// False: each job waits on the evaluator process.
    public var runsInline: Bool { false }
    /// Accuracy jobs only.
    public var kinds: [JobKind] { [.accuracy] }
    /// The single runtime `evaluator`.
    public var runtimes: [String] { ["evaluator"] }
    /// `evaluator` → the evaluator's command.
    public var versions: [String: String] { ["evaluator": evaluator.settings.command] }

    /// The evaluator's metrics for an accuracy job (source `evaluator`); its failures keep their
    /// retryability, and a job of any other kind fails, not retryable.
    public func execute(_ job: JobSpec) -> Result<JobResult, JobFailure> {
        guard job.kind == .accuracy else {
            return .failure(JobFailure(
                jobID: job.jobID, error: "the command evaluator answers accuracy jobs only, not \(job.kind.rawValue)",
                retryable: false))
        }
        switch evaluator.evaluate(id: job.jobID, space: job.space, architecture: job.architecture, settings: job.settings) {
        case .failure(let failure):
            return .failure(JobFailure(jobID: job.jobID, error: failure.message, retryable: failure.retryable))
        case .success(let evaluation):
            var environment = ["evaluator": "command", "command": evaluator.settings.command]
            for (key, value) in evaluation.identity { environment["evaluator_\(key)"] = value }
            return .success(
                JobResult(jobID: job.jobID, metrics: evaluation.metrics, source: "evaluator", environment: environment))
        }
    }

    /// Stops the evaluator process.
    public func shutdown() async {
        evaluator.stop()
    }
}
