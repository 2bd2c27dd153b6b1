import Evaluators
import Fleet
import Foundation
import SearchSpace
import Testing
import TestSupport
import ZeroMQ

/// `hsconas worker --evaluator proxy` as a real process serving a real coordinator.
@Suite("proxy worker")
struct ProxyWorkerTests {
    @Test("two proxy worker processes answer nb201 and spos accuracy jobs with the same scores as in-process")
    func proxyWorkers() async throws {
        let coordinator = try FleetCoordinator(
            context: try ZMQContext(), bind: "tcp://127.0.0.1:*",
            settings: CoordinatorSettings(coordinatorID: "proxy-test", heartbeatMs: 500))
        var workers: [ChildProcess] = []
        for name in ["proxy-a", "proxy-b"] {
            workers.append(
                try ChildProcess(
                    [
                        "worker", "--coordinator", coordinator.endpoint, "--id", name, "--kinds", "accuracy",
                        "--evaluator", "proxy", "--proxy-seed", "3", "--proxy-batch", "8", "--capacity", "1", "--heartbeat-ms", "500",
                    ], name: name))
        }
        let nb201 = NB201Space()
        let cells = [0, 1234, 15624].map { nb201.format(NB201Space.architecture(code: $0)) }
        let spos = SPOSSpace()
        let network = spos.format(Architecture(genes: (0..<SPOSSpace.layerCount).flatMap { [$0 % 4, $0 % 8] }))
        // Each cell twice under different ids: whichever worker takes them, the scores must agree.
        var jobs: [JobSpec] = []
        for (index, cell) in cells.enumerated() {
            for copy in 0..<2 {
                jobs.append(JobSpec(jobID: "n\(index)-\(copy)", kind: .accuracy, space: "nb201", architecture: cell))
            }
        }
        jobs.append(JobSpec(jobID: "s0", kind: .accuracy, space: "spos", architecture: network, settings: ["proxy_batch": "2"]))
        jobs.append(JobSpec(jobID: "bad", kind: .accuracy, space: "nb201", architecture: cells[0], settings: ["proxy_batch": "x"]))
        coordinator.submit(jobs)

        var results: [String: JobResult] = [:]
        var failures: [String: String] = [:]
        var answeredBy = Set<String>()
        let deadline = ContinuousClock.now + .seconds(120)
        for await event in coordinator.events {
            switch event {
            case .completed(let job, let result, let worker, _, _):
                results[job.jobID] = result
                answeredBy.insert(worker)
            case .failed(let job, let error, _):
                failures[job.jobID] = error
            default:
                break
            }
            if results.count + failures.count == jobs.count || ContinuousClock.now > deadline { break }
        }
        await coordinator.shutdown()
        for worker in workers { _ = try? await worker.waitForExit(idle: .seconds(20)) }

        #expect(results.count == jobs.count - 1, "failures: \(failures)")
        #expect(failures["bad"]?.contains("proxy_batch: 'x'") == true, "\(failures)")
        for result in results.values {
            #expect(result.source == "proxy")
            #expect(Array(result.metrics.keys) == ["proxy_score"])
            #expect(result.environment["evaluator"] == "naswot")
            #expect(result.environment["seed"] == "3")
        }
        #expect(results["s0"]?.environment["batch"] == "2")
        #expect(results["n0-0"]?.environment["batch"] == "8")
        for index in cells.indices {
            let a = try #require(results["n\(index)-0"]?.metrics["proxy_score"])
            let b = try #require(results["n\(index)-1"]?.metrics["proxy_score"])
            #expect(a.bitPattern == b.bitPattern, "cell \(cells[index]): \(a) vs \(b)")
        }
        // The same figure computed in this process, bit for bit.
        let cell = cells[1]
        let local = try await offPool { try NASWOTProxy(batch: 8, seed: 3).score(try NB201Space().parse(cell), in: NB201Space()).score }
        #expect(results["n1-0"]?.metrics["proxy_score"]?.bitPattern == local.bitPattern)
    }
}
