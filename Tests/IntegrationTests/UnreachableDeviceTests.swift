import Foundation
import Store
import Testing

/// A phone behind `--runtime command` (adb) that drops off its host for a few seconds mid-search:
/// the worker holds the job it was measuring and measures it once the phone answers again, so the
/// search loses no candidate to the outage.
@Suite("a command worker whose device drops out")
struct UnreachableDeviceTests {
    /// The stand-in for adb and the phone's tool: its third run finds the phone gone, for 5 s.
    static func tool(in scratch: URL) throws -> String {
        let folder = scratch.path
        return try CommandRuntimeTests.script(
            """
            calls=$(( $(cat '\(folder)/calls' 2>/dev/null || echo 0) + 1 )); echo $calls > '\(folder)/calls'
            test $calls -eq 3 && date +%s > '\(folder)/away-since'
            if test -e '\(folder)/away-since' && test $(( $(date +%s) - $(cat '\(folder)/away-since') )) -lt 5; then
                echo 'error: no devices/emulators found' >&2; exit 1
            fi
            echo 'latency: 7.5 ms'
            """, in: scratch)
    }

    @Test("the job under way when the device dropped out is held and measured once it is back; no job fails")
    func heldAndMeasured() async throws {
        let scratch = try Scratch.directory("unreachable")
        let tool = try Self.tool(in: scratch)
        let config = try Scratch.config(NoHostLockWorkerTests.config, in: scratch)
        let output = scratch.appendingPathComponent("out")
        let (coordinator, endpoint) = try await ChildProcess.coordinator(config: config, output: output)
        let workers = [
            try ChildProcess.handStartedWorker(endpoint: endpoint, id: "accuracy", flags: ["--kinds", "accuracy"], name: "away-accuracy"),
            try ChildProcess.handStartedWorker(
                endpoint: endpoint, id: "phone", flags: NoHostLockWorkerTests.phoneFlags(tool: tool) + ["--device-wait", "60"],
                name: "away-phone"),
        ]
        defer { for worker in workers where worker.isRunning { worker.signal(SIGTERM) } }
        let status = try await coordinator.waitForExit()
        #expect(status == 0, "coordinator:\n\(coordinator.output.joined(separator: "\n"))")

        let result = try Scratch.result(in: output)
        #expect(result["failed_jobs"] as? Int == 0, "\(result["failed_jobs"] ?? "none")")
        let store = try RunStore(existing: try Scratch.runDirectory(in: output).appendingPathComponent("run.sqlite").path)
        let measured = try store.evaluations().filter { $0.device == "phone" && $0.metric == "latency_ms" }
        #expect(measured.count >= 6 && measured.allSatisfy { $0.value == 7.5 && $0.source == .measured }, "\(measured)")
        // The held job's figure says how long its worker waited for the phone (the first probe after
        // the 5 s outage comes 10 s in), and the phone's device cost leaves that wait out.
        let held = measured.filter { $0.deviceWaitSeconds > 0 }
        #expect(held.count == 1 && held.allSatisfy { $0.deviceWaitSeconds >= 5 && $0.deviceWaitSeconds < 30 }, "\(measured)")
        let cost = try #require((result["device_cost"] as? [String: Any])?["phone"] as? [String: Any])
        let waited = try #require(cost["device_wait_seconds"] as? Double, "\(cost)")
        #expect(abs(waited - (held.first?.deviceWaitSeconds ?? 0)) < 0.01, "\(cost)")
        // Lease to answer of every job, the wait left out: the tool answers in ms.
        #expect(try #require(cost["device_seconds"] as? Double) < waited, "\(cost)")
        let phone = workers[1]
        let holding = try await phone.waitForLine(containing: "the device seems unreachable; holding the job")
        #expect(holding.contains("no devices/emulators found"), "\(holding)")
        _ = try await phone.waitForLine(containing: "the device answers again; measuring the job again")
        phone.signal(SIGTERM)
        #expect(try await phone.waitForExit() == 0, "\(phone.output)")
    }

    @Test("a job held for an unreachable device is let go when its coordinator leaves; a stop then exits at once with status 0")
    func stoppedWhileHolding() async throws {
        let scratch = try Scratch.directory("unreachable-stop")
        // The phone answers twice, then is gone for good.
        let calls = scratch.appendingPathComponent("calls").path
        let tool = try CommandRuntimeTests.script(
            """
            calls=$(( $(cat '\(calls)' 2>/dev/null || echo 0) + 1 )); echo $calls > '\(calls)'
            test $calls -le 2 || { echo 'error: no devices/emulators found' >&2; exit 1; }
            echo 'latency: 7.5 ms'
            """, in: scratch)
        let config = try Scratch.config(NoHostLockWorkerTests.config, in: scratch)
        let (coordinator, endpoint) = try await ChildProcess.coordinator(config: config, output: scratch.appendingPathComponent("out"))
        defer { coordinator.signal(SIGKILL) }
        let accuracy = try ChildProcess.handStartedWorker(
            endpoint: endpoint, id: "accuracy", flags: ["--kinds", "accuracy"], name: "gone-accuracy")
        defer { accuracy.signal(SIGKILL) }
        let phone = try ChildProcess.handStartedWorker(
            endpoint: endpoint, id: "phone", flags: NoHostLockWorkerTests.phoneFlags(tool: tool) + ["--stay"], name: "gone-phone")
        _ = try await phone.waitForLine(containing: "the device seems unreachable; holding the job")
        // The search is stopped (its final bye): nobody awaits the held job, so the 600 s wait ends now.
        coordinator.signal(SIGTERM)
        _ = try await phone.waitForLine(containing: "staying for the next coordinator", timeout: .seconds(30))
        _ = try await phone.waitForLine(containing: "dropped the answer to a job of a coordinator that said bye", timeout: .seconds(10))
        let stopped = ContinuousClock.now
        phone.signal(SIGTERM)
        #expect(try await phone.waitForExit() == 0, "\(phone.output)")
        #expect(ContinuousClock.now - stopped < .seconds(5), "the default wait is 600 s; a stop ends it")
    }

    @Test("--device-wait is refused for runtimes other than command, and for a negative, endless or huge wait")
    func refused() async throws {
        let cases = [
            (["--runtime", "native", "--device-wait", "5"], "--device-wait '5' is for --runtime command"),
            (["--runtime", "command", "--command", "t {model}", "--pattern", "(x)", "--device-wait=-1"], "--device-wait '-1': expected seconds"),
            (["--runtime", "command", "--command", "t {model}", "--pattern", "(x)", "--device-wait", "inf"], "--device-wait 'inf'"),
            (["--runtime", "command", "--command", "t {model}", "--pattern", "(x)", "--device-wait", "1e17"], "--device-wait '1e+17'"),
        ]
        for (flags, expected) in cases {
            let worker = try ChildProcess(
                ["worker", "--coordinator", "tcp://127.0.0.1:1", "--device", "phone"] + flags, name: "device-wait-refused")
            #expect(try await worker.waitForExit() != 0)
            let text = worker.output.joined(separator: "\n")
            #expect(text.contains(expected), "\(flags): \(text)")
        }
    }
}
