import Foundation
import Store
import Testing

/// A phone plugged into a server is timed by `--runtime command` through adb: the timing happens on
/// the phone, so `--no-host-lock` lets that worker measure while the server's own workers hold the
/// host's measurement lock.
@Suite("command workers that time another device")
struct NoHostLockWorkerTests {
    static let config = """
        name: phone
        space: nb201
        dataset: cifar10
        strategy: hsconas
        seed: 5
        budget: 6
        population: 6
        parents: 3
        targets:
          - device: phone
            runtime: remote
            max_latency_ms: 20
            model: none
        fleet:
          bind: tcp://127.0.0.1:*
          heartbeat_ms: 300
          accuracy_workers: 1
          measurement:
            warmup_runs: 0
            min_runs: 1
            min_seconds: 0
            max_cv: 1
            attempts: 1
        output: unused
        """

    /// The flags of a phone's worker timing through `tool` (a stand-in for adb and the phone's benchmark).
    static func phoneFlags(tool: String) -> [String] {
        ["--device", "phone", "--kinds", "latency", "--runtime", "command", "--command", "\(tool) {model}",
         "--pattern", "latency: ([0-9.]+) ms"]
    }

    @Test("with --no-host-lock a command worker serves a whole search while another process holds the host lock")
    func measuresWhileTheHostIsLocked() async throws {
        let scratch = try Scratch.directory("no-host-lock")
        let lock = scratch.appendingPathComponent("measure.lock").path
        // Another measuring process on this host holds the lock for the whole test.
        let holder = try ChildProcess(
            ["-c", "exec 9>'\(lock)'; flock 9; echo held; exec sleep 600"], name: "lock-holder",
            executable: URL(fileURLWithPath: "/bin/sh"))
        defer { holder.signal(SIGTERM) }
        _ = try await holder.waitForLine(containing: "held")
        let tool = try CommandRuntimeTests.script("test -s \"$1\" && echo 'latency: 7.5 ms'", in: scratch)
        let config = try Scratch.config(Self.config, in: scratch)
        let output = scratch.appendingPathComponent("out")
        let (coordinator, endpoint) = try await ChildProcess.coordinator(config: config, output: output)
        let workers = [
            try ChildProcess.handStartedWorker(endpoint: endpoint, id: "accuracy", flags: ["--kinds", "accuracy"], name: "no-lock-accuracy"),
            try ChildProcess.handStartedWorker(
                endpoint: endpoint, id: "phone", flags: Self.phoneFlags(tool: tool) + ["--no-host-lock"], name: "no-lock-phone",
                environment: [ChildProcess.lockVariable: lock]),
        ]
        defer { for worker in workers where worker.isRunning { worker.signal(SIGTERM) } }
        // Waiting for the lock, the phone's worker would answer nothing and the search would stall.
        let status = try await coordinator.waitForExit(idle: .seconds(60))
        #expect(status == 0, "coordinator:\n\(coordinator.output.joined(separator: "\n"))")
        #expect(holder.isRunning, "the lock was held throughout")

        let store = try RunStore(existing: try Scratch.runDirectory(in: output).appendingPathComponent("run.sqlite").path)
        let measured = try store.evaluations().filter { $0.device == "phone" && $0.metric == "latency_ms" }
        #expect(measured.count >= 6, "\(measured.count) measurements")
        for record in measured {
            #expect(record.source == .measured && record.worker == "phone" && record.value == 7.5)
            let environment = try #require(
                record.environment.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] })
            #expect(environment["host_lock"] == nil && environment["lock_wait_ms"] == nil, "\(environment)")
        }
    }

    @Test("--no-host-lock with a runtime that times on this host is refused, naming both flags")
    func refusedForLocalRuntimes() async throws {
        for runtime in ["native", "onnxruntime", "replay"] {
            let worker = try ChildProcess(
                ["worker", "--coordinator", "tcp://127.0.0.1:1", "--device", "raspi4", "--runtime", runtime, "--no-host-lock"],
                name: "no-lock-\(runtime)")
            #expect(try await worker.waitForExit() != 0)
            let text = worker.output.joined(separator: "\n")
            #expect(
                text.contains("--no-host-lock is for --runtime command") && text.contains("not for --runtime \(runtime)"),
                "\(text)")
        }
    }
}
