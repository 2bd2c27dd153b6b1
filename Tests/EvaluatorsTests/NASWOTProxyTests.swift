import Foundation
import Evaluators
import Fleet
import SearchSpace
import Testing
import TestSupport
import WorkerExecutors

/// The proxy on real networks of both spaces, and the worker executor around it.
@Suite("NASWOT proxy")
struct NASWOTProxyTests {
    static let convCell = "|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|"
    /// No path reaches the cell's output: every cell outputs zeros, so every input has the same code.
    static let deadCell = "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|"

    @Test("scores are deterministic for a seed, and another seed gives another score")
    func deterministic() async throws {
        let (first, second, other) = try await offPool {
            let space = NB201Space()
            let cell = try space.parse(Self.convCell)
            let proxy = try NASWOTProxy(batch: 8, seed: 5)
            return (
                try proxy.score(cell, in: space), try proxy.score(cell, in: space),
                try NASWOTProxy(batch: 8, seed: 6).score(cell, in: space)
            )
        }
        #expect(first.score.bitPattern == second.score.bitPattern)
        #expect(first.score != other.score)
        #expect(first.score.isFinite)
    }

    @Test("nb201: a convolution-rich cell scores above one whose output is cut off")
    func nb201Ordering() async throws {
        let (rich, dead, units) = try await offPool {
            let space = NB201Space()
            let proxy = try NASWOTProxy(batch: 8, seed: 0)
            let rich = try proxy.score(try space.parse(Self.convCell), in: space)
            let dead = try proxy.score(try space.parse(Self.deadCell), in: space)
            return (rich.score, dead.score, rich.units)
        }
        #expect(rich > dead + 10, "rich \(rich), dead \(dead)")
        // An 8×8 kernel whose diagonal is the unit count bounds the score: log det ≤ 8·log(units + 1).
        #expect(rich <= 8 * log(Double(units + 1)))
    }

    @Test("the executor answers proxy_score with source proxy and a reproducible environment")
    func executor() async throws {
        let executor = ProxyExecutor(settings: ProxySettings(batch: 8, seed: 2))
        let job = JobSpec(jobID: "j1", kind: .accuracy, space: "nb201", architecture: Self.convCell, settings: ["proxy_seed": "4"])
        let outcome = try await offPool { executor.execute(job) }
        let result = try outcome.get()
        #expect(result.source == "proxy")
        #expect(Array(result.metrics.keys) == ["proxy_score"])
        #expect(result.environment["evaluator"] == "naswot")
        #expect(result.environment["batch"] == "8")
        #expect(result.environment["seed"] == "4")
        #expect(result.environment["input"] == "gaussian(0,1)")
        let direct = try await offPool {
            try NASWOTProxy(batch: 8, seed: 4).score(try NB201Space().parse(Self.convCell), in: NB201Space())
        }
        #expect(result.metrics["proxy_score"]?.bitPattern == direct.score.bitPattern)
    }

    @Test("the executor refuses bad settings and architectures, naming them")
    func refusals() throws {
        let executor = ProxyExecutor()
        func error(_ job: JobSpec) -> String {
            if case .failure(let failure) = executor.execute(job) { return failure.error }
            return "(succeeded)"
        }
        #expect(error(JobSpec(jobID: "a", kind: .accuracy, space: "nb201", architecture: Self.convCell, settings: ["proxy_batch": "many"]))
            .contains("proxy_batch: 'many'"))
        #expect(error(JobSpec(jobID: "b", kind: .accuracy, space: "nb201", architecture: Self.convCell, settings: ["proxy_batch": "1"]))
            .contains("proxy_batch: 1 must be between 2 and 1024"))
        #expect(error(JobSpec(jobID: "c", kind: .accuracy, space: "nb201", architecture: Self.convCell, settings: ["proxy_seed": "-3"]))
            .contains("proxy_seed: '-3'"))
        #expect(error(JobSpec(jobID: "d", kind: .accuracy, space: "imagenet", architecture: "x")).contains("imagenet"))
        #expect(error(JobSpec(jobID: "e", kind: .accuracy, space: "nb201", architecture: "|bogus~0|")).contains("bogus"))
        #expect(error(JobSpec(jobID: "f", kind: .latency, space: "nb201", architecture: Self.convCell, device: "x"))
            .contains("accuracy jobs only"))
    }

    @Test("batch and seed: the job's setting, else the worker's, else the space's default")
    func settingsPrecedence() throws {
        let defaults = ProxySettings()
        #expect(try defaults.proxy(space: "nb201", settings: [:]).batch == 64)
        #expect(try defaults.proxy(space: "spos", settings: [:]).batch == 8)
        #expect(try defaults.proxy(space: "spos", settings: [:]).seed == 0)
        let worker = ProxySettings(batch: 8, seed: 9)
        #expect(try worker.proxy(space: "nb201", settings: [:]).batch == 8)
        #expect(try worker.proxy(space: "nb201", settings: [:]).seed == 9)
        let job = try worker.proxy(space: "nb201", settings: ["proxy_batch": "12", "proxy_seed": "1"])
        #expect(job.batch == 12 && job.seed == 1)
    }

    @Test("spos: a network scores deterministically, with the job's batch")
    func spos() async throws {
        let executor = ProxyExecutor()
        let space = SPOSSpace()
        let architecture = space.format(Architecture(genes: Array(repeating: [0, 2], count: SPOSSpace.layerCount).flatMap { $0 }))
        let job = JobSpec(jobID: "s", kind: .accuracy, space: "spos", architecture: architecture, settings: ["proxy_batch": "2"])
        let (first, second) = try await offPool { (executor.execute(job), executor.execute(job)) }
        let a = try first.get(), b = try second.get()
        #expect(a.metrics["proxy_score"]?.bitPattern == b.metrics["proxy_score"]?.bitPattern)
        #expect(a.metrics["proxy_score"]?.isFinite == true)
        #expect(a.environment["batch"] == "2")
    }
}
