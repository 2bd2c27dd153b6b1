import Fleet
import Foundation
import Measurement
import SearchSpace
import Testing
import TestSupport
import WorkerExecutors

/// A measuring executor holds a job while the device behind its tool does not answer, within its
/// limit, the job's lease and its coordinator's stay; on a fake device, with a 50 ms probe interval.
@Suite("waiting out an unreachable device")
struct UnreachableDeviceWaitTests {
    static let architectures = [
        "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|skip_connect~1|none~2|",
        "|nor_conv_1x1~0|+|none~0|none~1|+|none~0|skip_connect~1|none~2|",
    ]

    static func job(_ id: String, architecture: Int = 0, deadlineMs: Int = 0) -> JobSpec {
        JobSpec(
            jobID: id, kind: .latency, space: "nb201", architecture: architectures[architecture], device: "phone",
            deadlineMs: deadlineMs)
    }

    static func executor(_ runtime: FlakyDeviceRuntime, limit: Duration) -> MeasuringExecutor {
        MeasuringExecutor(
            device: "phone", runtime: runtime, runtimeVersion: "flaky", settings: MeasurementSettings(cores: [0]), hostLock: nil,
            deviceWait: UnreachableDeviceWait(limit: limit, probeInterval: .milliseconds(50)))
    }

    /// Runs `job` off the cooperative pool; its outcome and how long it took.
    static func timed(_ executor: MeasuringExecutor, _ job: JobSpec) async throws -> (Result<JobResult, JobFailure>, Duration) {
        let started = ContinuousClock.now
        let outcome = try await offPool { executor.execute(job) }
        return (outcome, ContinuousClock.now - started)
    }

    @Test("held until the device answers, then measured; a wait that runs out fails its job and the next at once, until a success")
    func heldThenGivenUp() async throws {
        let runtime = FlakyDeviceRuntime()
        let executor = Self.executor(runtime, limit: .milliseconds(600))
        #expect(try await Self.timed(executor, Self.job("first")).0.isSuccess)

        runtime.unplug(true)
        Task.detached {
            try await Task.sleep(for: .milliseconds(250))
            runtime.unplug(false)
        }
        let (back, held) = try await Self.timed(executor, Self.job("back"))
        #expect(back.isSuccess && held >= .milliseconds(200), "\(back) after \(held)")

        runtime.unplug(true)
        let (gone, waited) = try await Self.timed(executor, Self.job("gone"))
        #expect(gone.failure?.retryable == true && waited >= .milliseconds(600), "\(gone) after \(waited)")
        let runsBefore = runtime.runs
        let (next, quick) = try await Self.timed(executor, Self.job("next"))
        #expect(next.failure != nil && quick < .milliseconds(300), "answered at once after a wait ran out: \(quick)")
        #expect(runtime.runs == runsBefore + 1, "no probe once a wait ran out")

        // A success ends that: the next failure is held again.
        runtime.unplug(false)
        #expect(try await Self.timed(executor, Self.job("plugged")).0.isSuccess)
        runtime.unplug(true)
        let (again, heldAgain) = try await Self.timed(executor, Self.job("again"))
        #expect(again.failure != nil && heldAgain >= .milliseconds(600), "\(heldAgain)")
    }

    @Test("a network the device refuses while it measures the earlier one fails at once, after one probe")
    func ownFailure() async throws {
        let runtime = FlakyDeviceRuntime()
        let executor = Self.executor(runtime, limit: .seconds(30))
        #expect(try await Self.timed(executor, Self.job("first")).0.isSuccess)
        let space = try SearchSpaces.named("nb201")
        runtime.refuse(try space.network(for: try space.parse(Self.architectures[1])))
        let before = runtime.runs
        let (refused, took) = try await Self.timed(executor, Self.job("refused", architecture: 1))
        #expect(refused.failure?.retryable == true && took < .seconds(5), "\(refused) after \(took)")
        #expect(runtime.runs == before + 2, "the job, then one probe of the earlier network")
    }

    @Test("the hold ends with the job's lease, and when its coordinator leaves")
    func leaseAndBye() async throws {
        let runtime = FlakyDeviceRuntime()
        let executor = Self.executor(runtime, limit: .seconds(30))
        #expect(try await Self.timed(executor, Self.job("first")).0.isSuccess)
        runtime.unplug(true)
        let (leased, lease) = try await Self.timed(executor, Self.job("leased", deadlineMs: 400))
        #expect(leased.failure != nil && lease >= .milliseconds(350) && lease < .seconds(5), "\(leased) after \(lease)")

        Task.detached {
            try await Task.sleep(for: .milliseconds(300))
            executor.coordinatorLeft()
        }
        let (abandoned, left) = try await Self.timed(executor, Self.job("abandoned"))
        #expect(abandoned.failure != nil && left >= .milliseconds(250) && left < .seconds(5), "\(abandoned) after \(left)")
        // Neither ran out the 30 s limit, so the next failure is held again (here until the lease ends).
        let (held, heldFor) = try await Self.timed(executor, Self.job("held", deadlineMs: 300))
        #expect(held.failure != nil && heldFor >= .milliseconds(250), "\(heldFor)")
    }
}

extension Result {
    fileprivate var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }

    fileprivate var failure: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
