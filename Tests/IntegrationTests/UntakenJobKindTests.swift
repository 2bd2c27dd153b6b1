import Foundation
import Testing

/// A device's jobs that none of its connected workers takes are named in a warning, not waited for
/// in silence: a board started with `--kinds latency` on a search that profiles its operators.
@Suite("coordinator: job kinds nobody takes")
struct UntakenJobKindTests {
    @Test("profile jobs waiting for a latency-only worker of their device are warned about once, naming the kinds to give")
    func profileJobsWithoutAProfilingWorker() async throws {
        let scratch = try Scratch.directory("untaken-kinds")
        let store = scratch.appendingPathComponent("profile.sqlite").path
        let profile = try ChildProcess(
            ["profile", "--space", "nb201", "--device", "board", "--store", store, "--local-workers", "0",
             "--bind", "tcp://127.0.0.1:*"],
            name: "profile")
        let listening = try await profile.waitForLine(containing: "coordinator listening on ")
        // "coordinator listening on tcp://127.0.0.1:PORT; profiling nb201 on device 'board'"
        let endpoint = String(listening.split(separator: " ")[3].dropLast())
        let worker = try ChildProcess(
            ["worker", "--coordinator", endpoint, "--device", "board", "--runtime", "native", "--kinds", "latency"],
            name: "latency-only-worker")
        let warning = try await profile.waitForLine(containing: "none of its connected workers takes them")
        #expect(warning.contains("profile jobs for device board"), "\(warning)")
        #expect(warning.contains("--kinds latency,profile"), "\(warning)")
        // Still waiting: nothing was profiled, and the warning is not repeated.
        try await Task.sleep(for: .milliseconds(500))
        #expect(profile.isRunning)
        #expect(profile.output.count { $0.contains("none of its connected workers takes them") } == 1)
        worker.signal(SIGTERM)
        _ = try await worker.waitForExit()
        profile.signal(SIGTERM)
        _ = try await profile.waitForExit()
    }
}
