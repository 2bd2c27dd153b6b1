import Engine
import Evaluators
import Fleet
import Foundation
import Measurement
import SearchSpace

/// A worker's executor for accuracy jobs answered by the NASWOT proxy on the native engine:
/// `metrics == ["proxy_score": …]`, source `proxy` (never an accuracy), and the environment names
/// the evaluator, batch, input and seed so the figure can be reproduced.
///
/// Scoring holds the host's ``HostMeasurementLock`` like a timed measurement does: a proxy
/// evaluation is a burst of engine work, and on a small machine it would otherwise run beside a
/// measuring worker and time into its figures.
public struct ProxyExecutor: JobExecutor {
    /// The worker's proxy batch and seed; a job's `proxy_batch` / `proxy_seed` settings override them.
    public let settings: ProxySettings
    /// Held while scoring; nil: never wait for measurements on this host.
    public let hostLock: HostMeasurementLock?

    /// Scores with `settings`, holding `hostLock` (by default the one the environment names) while scoring.
    public init(settings: ProxySettings = ProxySettings(), hostLock: HostMeasurementLock? = .fromEnvironment()) {
        self.settings = settings
        self.hostLock = hostLock
    }

    /// False: scoring is engine work that blocks.
    public var runsInline: Bool { false }
    /// Accuracy jobs only.
    public var kinds: [JobKind] { [.accuracy] }
    /// Every space this build knows (`SearchSpaces.names`).
    public var spaces: [String] { SearchSpaces.names }
    /// The single runtime `naswot`.
    public var runtimes: [String] { ["naswot"] }
    /// `naswot` → the native engine's version.
    public var versions: [String: String] { ["naswot": "naswot engine v\(Engine.version)"] }

    /// The job's NASWOT score as `proxy_score` (source `proxy`); a job of another kind, a bad
    /// setting or architecture, or a scoring error fails, not retryable.
    public func execute(_ job: JobSpec) -> Result<JobResult, JobFailure> {
        func failure(_ reason: String) -> Result<JobResult, JobFailure> {
            .failure(JobFailure(jobID: job.jobID, error: reason, retryable: false))
        }
        guard job.kind == .accuracy else {
            return failure("the proxy evaluator answers accuracy jobs only, not \(job.kind.rawValue)")
        }
        let proxy: NASWOTProxy
        let graph: NetworkGraph
        do {
            proxy = try settings.proxy(space: job.space, settings: job.settings)
            let space = try SearchSpaces.named(job.space)
            graph = try space.network(for: try space.parse(job.architecture))
        } catch let error as EvaluatorError {
            return failure(error.description)
        } catch let error as UnknownSpaceError {
            return failure(error.description)
        } catch {
            return failure("architecture '\(job.architecture)': \(error)")
        }
        let start = ContinuousClock.now
        let scored: NASWOTScore
        var waited = 0.0
        do {
            if let hostLock {
                let (score, tenure) = try hostLock.withLock { try proxy.score(graph) }
                scored = score
                waited = tenure.waitedSeconds
            } else {
                scored = try proxy.score(graph)
            }
        } catch {
            return failure("\(error)")
        }
        let elapsed = ContinuousClock.now - start - .seconds(waited)
        return .success(
            JobResult(
                jobID: job.jobID, metrics: ["proxy_score": scored.score], source: "proxy",
                environment: [
                    "evaluator": "naswot", "batch": "\(proxy.batch)", "seed": "\(proxy.seed)",
                    "input": NASWOTProxy.inputDescription, "batch_norm": proxy.batchNormDescription, "weights": "NetworkWeights(seed: \(proxy.seed))",
                    "units": "\(scored.units)", "relu_layers": "\(scored.layers)", "engine": "native v\(Engine.version)",
                    "seconds": String(format: "%.3f", elapsed.seconds),
                    "lock_wait_ms": String(format: "%.1f", waited * 1000),
                ]))
    }
}
