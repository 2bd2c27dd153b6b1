import Foundation
import Orchestrator
import Store
import TestSupport
import Testing

/// SIGTERM and SIGINT to the long-running commands: a clean stop under swift-service-lifecycle,
/// then a resume to the undisturbed result.
@Suite("graceful shutdown")
struct GracefulShutdownTests {
    /// The exit status of a run stopped by a signal (`GracefulShutdown.interruptedStatus`, documented).
    static let interruptedStatus: Int32 = 130

    /// The one deliberate wait of a stopping command is its local workers' grace before they are
    /// killed; a command that makes no progress for twice that is stuck, not slow.
    static let stopIdle = LocalWorkerProcesses.stopGrace * 2

    @Test(
        "SIGTERM mid-search: `hsconas search` exits promptly with status 130, no worker left behind, a sound store; --resume reaches the undisturbed result"
    )
    func searchStopsAndResumes() async throws {
        let scratch = try Scratch.directory("sigterm-search")
        let config = try Scratch.config(ResumeTests.config(), in: scratch)

        // The undisturbed run, side by side with the one that is stopped.
        let referenceOutput = scratch.appendingPathComponent("reference")
        let reference = try ChildProcess(
            ["search", "--config", config, "--output", referenceOutput.path, "--quiet"], name: "reference")
        let output = scratch.appendingPathComponent("stopped")
        let search = try ChildProcess(["search", "--config", config, "--output", output.path, "--quiet"], name: "search")
        // After the first checkpoint (a generation is about 100 rows): part of the run is told, a batch is not.
        let point = Int.random(in: 150...250)
        let signalled = try await Self.signal(SIGTERM, search, onceRunUnder: output, holdsMoreThan: point)
        let (storePath, workers) = try #require(
            signalled, "the run finished before the signal at \(point) evaluations: \(search.output.suffix(20))")
        #expect(workers.count == 5, "the search's local workers: \(workers)")
        let orphans = try await Self.workersRunning(workers, when: search, exitsWithin: Self.stopIdle)
        let status = try await search.waitForExit(idle: Self.stopIdle)
        #expect(status == Self.interruptedStatus, "signalled at \(point) evaluations: \(search.output)")
        #expect(
            search.output.contains { $0.contains("stopped by a signal") && $0.contains("hsconas search --resume \(storePath)") },
            "\(search.output)")
        #expect(orphans.isEmpty, "local workers still running when the search exited: \(orphans)")

        // The store is sound and resumable, closed with its WAL copied into the database file.
        let check = try await ResumeTests.storeCheck(storePath)
        #expect(check.status == 0, "signalled at \(point) evaluations:\n\(check.output.joined(separator: "\n"))")
        #expect(check.output.contains { $0.contains("not finished (resumable)") })
        #expect(Self.walBytes(of: storePath) == 0, "the WAL of a closed store is empty")
        let stored = try RunStore(existing: storePath).evaluations().count
        #expect(stored > point)

        let resumed = try ChildProcess(["search", "--resume", storePath, "--quiet"], name: "resumed")
        #expect(try await resumed.waitForExit() == 0, "signalled at \(point) evaluations: \(resumed.output)")
        #expect(resumed.output.contains { $0.contains("resumed: \(stored) evaluations came from the store") }, "\(resumed.output)")
        #expect(try await reference.waitForExit() == 0, "\(reference.output)")

        let expected = try Scratch.result(in: referenceOutput)
        let actual = try Scratch.result(in: output)
        let expectedBest = (expected["best"] as? [String: Any])?["architecture"] as? String
        #expect(expectedBest != nil)
        #expect((actual["best"] as? [String: Any])?["architecture"] as? String == expectedBest, "signalled at \(point) evaluations")
        for field in ["accuracy_evaluations", "candidates", "generations"] {
            #expect(actual[field] as? Int == expected[field] as? Int, "\(field), signalled at \(point) evaluations")
        }
        let referenceStore = try Scratch.runDirectory(in: referenceOutput).appendingPathComponent("run.sqlite").path
        #expect(
            try ResumeTests.keys(try RunStore(existing: storePath)) == ResumeTests.keys(try RunStore(existing: referenceStore)),
            "the same evaluations as the undisturbed run, signalled at \(point) evaluations")
    }

    @Test(
        "SIGTERM or SIGINT to `hsconas coordinator`: status 130, and its connected worker is told bye and exits by itself",
        arguments: [SIGTERM, SIGINT])
    func coordinatorSaysBye(signal: Int32) async throws {
        let scratch = try Scratch.directory("sigterm-coordinator")
        // Only a raspi4 worker joins, so the search waits for pixel3 and gold_6240 for ever: it is
        // mid-run whenever the signal comes.
        let config = try Scratch.config(
            SearchEndToEndTests.config(budget: 40, heartbeatMs: 200, accuracyWorkers: 0, delayMs: 0), in: scratch)
        let output = scratch.appendingPathComponent("out")
        let (coordinator, endpoint) = try await ChildProcess.coordinator(config: config, output: output)
        let worker = try ChildProcess(
            ["worker", "--coordinator", endpoint, "--device", "raspi4", "--kinds", "latency", "--heartbeat-ms", "200"],
            name: "worker")
        let storePath = try await Self.storePath(under: output, of: coordinator)
        try await ResumeTests.waitForEvaluations(storePath, moreThan: 0, process: coordinator)

        coordinator.signal(signal)
        #expect(try await coordinator.waitForExit(idle: Self.stopIdle) == Self.interruptedStatus, "\(coordinator.output)")
        #expect(
            coordinator.output.contains {
                // The --bind it was given, quoted: a shell would glob the port's `*`.
                $0.contains("stopped by a signal")
                    && $0.contains("To continue: hsconas coordinator --resume \(storePath) --bind 'tcp://127.0.0.1:*'")
            }, "\(coordinator.output)")
        let status = try await Self.waitForExitBeforeHeartbeatTimeout(worker)
        #expect(status == 0, "\(worker.output)")
        #expect(worker.output.contains { $0.contains("coordinator said bye") }, "\(worker.output)")
        let check = try await ResumeTests.storeCheck(storePath)
        #expect(check.status == 0, "\(check.output.joined(separator: "\n"))")
    }

    /// Sends `signal` to `process` as soon as the store of the run it creates under `output` holds
    /// more than `count` evaluations; returns the store and the process's children as they were
    /// then, or nil when it ended first. Watched from a thread of its own: a loaded test run can
    /// hold the cooperative threads for longer than the whole search takes.
    static func signal(
        _ signal: Int32, _ process: ChildProcess, onceRunUnder output: URL, holdsMoreThan count: Int
    ) async throws -> (store: String, children: [Int32])? {
        try await offPool {
            while process.isRunning {
                if let run = try? Scratch.runDirectory(in: output) {
                    let path = run.appendingPathComponent("run.sqlite").path
                    let stored = (try? RunStore(existing: path).evaluations().count) ?? 0
                    if stored > count {
                        let children = children(of: process.pid)
                        process.signal(signal)
                        return (path, children)
                    }
                }
                usleep(20_000)
            }
            return nil
        }
    }

    /// Which of `workers` are still running the moment `process` exits (a worker left behind would
    /// otherwise notice its parent is gone a moment later and leave no trace). Watched from a thread
    /// of its own; the process must keep making progress, never stalling for `idle`.
    static func workersRunning(_ workers: [Int32], when process: ChildProcess, exitsWithin idle: Duration) async throws -> [Int32] {
        try await offPool {
            while process.isRunning {
                if process.timeWithoutProgress() > idle {
                    throw TestFailure("no progress for \(idle) after the signal:\n\(process.output.joined(separator: "\n"))")
                }
                usleep(2_000)
            }
            return workers.filter(isRunningWorker)
        }
    }

    /// Waits for a worker to exit, failing as soon as it shows it is waiting out its heartbeat
    /// timeout instead: a worker whose coordinator vanished without a `bye` says so after three
    /// silent heartbeats and keeps trying to register, so it would never exit by itself.
    static func waitForExitBeforeHeartbeatTimeout(_ worker: ChildProcess) async throws -> Int32 {
        while worker.isRunning {
            if worker.output.contains(where: { $0.contains("coordinator silent for 3 heartbeats") }) {
                throw TestFailure("the worker waited for its heartbeat timeout instead of being told bye:\n\(worker.output.joined(separator: "\n"))")
            }
            if worker.timeWithoutProgress() > stopIdle {
                throw TestFailure("the worker neither exited nor noticed the silence:\n\(worker.output.joined(separator: "\n"))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        return try await worker.waitForExit()
    }

    /// The store of the one run `process` (a coordinator waiting for workers) creates under `output`, once it exists.
    static func storePath(under output: URL, of process: ChildProcess) async throws -> String {
        // A command opens its run's store before it binds its coordinator, let alone starts workers.
        while process.isRunning, process.timeWithoutProgress() < .seconds(120) {
            if let run = try? Scratch.runDirectory(in: output) {
                let path = run.appendingPathComponent("run.sqlite").path
                if FileManager.default.fileExists(atPath: path) { return path }
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TestFailure("no run store under \(output.path): \(process.output)")
    }

    /// Processes whose parent is `pid` (an `hsconas search`'s local workers).
    static func children(of pid: Int32) -> [Int32] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap(Int32.init).filter { statFields(of: $0)?.dropFirst().first == "\(pid)" }
    }

    /// Whether `pid` is still a live `hsconas worker` (not gone, not a zombie, not a reused pid).
    static func isRunningWorker(_ pid: Int32) -> Bool {
        guard let state = statFields(of: pid)?.first, state != "Z",
            let arguments = try? String(contentsOfFile: "/proc/\(pid)/cmdline", encoding: .utf8)
        else { return false }
        return arguments.split(separator: "\0").contains("worker")
    }

    /// The fields of `/proc/PID/stat` after the command name: state, parent pid, …
    private static func statFields(of pid: Int32) -> [Substring]? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return nil }
        return stat[stat.index(after: close)...].split(separator: " ")
    }

    /// Size of a store's WAL file (0 when there is none).
    static func walBytes(of store: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: store + "-wal"))?[.size] as? Int) ?? 0
    }
}
