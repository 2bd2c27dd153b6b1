import Fleet
import Measurement
import Runtimes
import Testing
import TestSupport
import WorkerExecutors

/// A measuring worker's executor and the measurement method a job carries, on real runtimes.
@Suite("measuring executor and the job's method")
struct MeasuringExecutorMethodTests {
    /// The raspi4@p25 optimum: one 3×3 convolution per cell, quick to time even in a debug build.
    static func job(_ settings: [String: String]) -> JobSpec {
        JobSpec(
            jobID: "method", kind: .latency, space: "nb201",
            architecture: "|nor_conv_3x3~0|+|none~0|none~1|+|none~0|skip_connect~1|none~2|", device: "board",
            settings: settings)
    }

    /// The worker's own flags: the defaults, pinned to CPU 0.
    static let flags = MeasurementSettings(cores: [0])

    @Test("the native runtime times by the job's method; a method it cannot use fails the job, not retryable")
    func nativeFollowsTheMethod() async throws {
        let executor = MeasuringExecutor(
            device: "board", runtime: NativeRuntime(cores: [0]), runtimeVersion: "test", settings: Self.flags, hostLock: nil)
        let method = ["warmup_runs": "0", "min_runs": "4", "min_seconds": "0", "max_cv": "100", "attempts": "1"]
        let (followed, refused) = try await offPool {
            (executor.execute(Self.job(method)), executor.execute(Self.job(["min_runs": "x"])))
        }
        await executor.shutdown()
        #expect(try followed.get().environment["runs"] == "4", "the job's 4 runs, not the flags' 10")
        guard case .failure(let failure) = refused else { Issue.record("a bad method was measured: \(refused)"); return }
        #expect(failure.error == "invalid measurement setting settings.min_runs 'x': expected a whole number")
        #expect(!failure.retryable)
    }

    @Test("a command runtime runs its tool once whatever the method says, so a method cannot fail its job")
    func commandIgnoresTheMethod() async throws {
        let runtime = try CommandRuntime(template: "echo 'latency: 1.5 ms' {model}", pattern: "latency: ([0-9.]+) ms", cores: [0])
        let executor = MeasuringExecutor(
            device: "board", runtime: runtime, runtimeVersion: "test", settings: Self.flags, hostLock: nil)
        let outcome = try await offPool { executor.execute(Self.job(["min_runs": "x", "attempts": "0"])) }
        await executor.shutdown()
        let result = try outcome.get()
        #expect(result.metrics["latency_ms"] == 1.5 && result.environment["runs"] == "1")
    }
}
