import Foundation
import Store
import TestSupport
import Testing

/// A coordinator SIGKILLed at random points of a run and resumed from its store each time.
@Suite("crash-safe resume")
struct ResumeTests {
    static func config(model: String = "none") -> String {
        // 30 ms a job: a run of ten seconds or more, so the kills land mid-run even on a fast, loaded
        // machine (the store is polled by reopening it, which takes a while under load).
        let yaml = SearchEndToEndTests.config(budget: 120, heartbeatMs: 200, accuracyWorkers: 2, delayMs: 30)
        // With a model, raspi4 decides what it can on the other devices' latencies: a resumed run
        // must re-learn its look-ups from the store and decide as the undisturbed one did. `lazy` is
        // the regression deciding lazily: its later look-ups must be met again where they were made;
        // `lazy-all` on both sides of the limit, with a budget of feasible candidates.
        let target = model.hasPrefix("lazy") ? "model: regression\n    decide: \(model)" : "model: \(model)"
        return model == "none" ? yaml : yaml.replacingOccurrences(of: "max_latency_ms: 20", with: "max_latency_ms: 20\n    \(target)")
    }

    /// Every evaluation key of a store, with whether it holds a value.
    static func keys(_ store: RunStore) throws -> [String: Bool] {
        var keys: [String: Bool] = [:]
        for record in try store.evaluations() {
            keys["\(record.architecture)|\(record.metric)|\(record.device)"] = record.value != nil
        }
        return keys
    }

    static func storeCheck(_ path: String) async throws -> (status: Int32, output: [String]) {
        let check = try ChildProcess(["store", "check", path], name: "store-check")
        let status = try await check.waitForExit()
        return (status, check.output)
    }

    /// Waits until the store at `path` holds more than `count` evaluations.
    static func waitForEvaluations(_ path: String, moreThan count: Int, process: ChildProcess) async throws {
        let deadline = ContinuousClock.now + .seconds(90)
        while ContinuousClock.now < deadline, process.isRunning {
            if await FaultFleet.count(path) > count { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        if process.isRunning { throw TestFailure("no more than \(count) evaluations in \(path) within 90 s") }
    }

    @Test(
        "SIGKILLed three times at random points and resumed (from a checkpoint, and by replay): same result, every evaluation kept, none redone",
        arguments: ["none", "regression", "lazy", "lazy-all"])
    func killAndResume(model: String) async throws {
        let scratch = try Scratch.directory("resume-\(model)")
        let config = try Scratch.config(Self.config(model: model), in: scratch)

        // The undisturbed run.
        let referenceOutput = scratch.appendingPathComponent("reference")
        let reference = try ChildProcess(
            ["search", "--config", config, "--output", referenceOutput.path, "--quiet"], name: "reference")
        #expect(try await reference.waitForExit() == 0, "\(reference.output)")
        let expected = try Scratch.result(in: referenceOutput)
        let expectedKeys = try Self.keys(
            try RunStore(path: try Scratch.runDirectory(in: referenceOutput).appendingPathComponent("run.sqlite").path))

        // The same run, killed three times at random points.
        let output = scratch.appendingPathComponent("killed")
        var process = try ChildProcess(["search", "--config", config, "--output", output.path, "--quiet"], name: "first")
        var storePath = ""
        let deadline = ContinuousClock.now + .seconds(60)
        while storePath.isEmpty, ContinuousClock.now < deadline {
            if let run = try? Scratch.runDirectory(in: output) { storePath = run.appendingPathComponent("run.sqlite").path }
            try await Task.sleep(for: .milliseconds(10))
        }
        var killPoints: [Int] = []
        var stored = 0
        var resumedOutputs: [[String]] = []
        for round in 0..<3 {
            // The first kill comes after the first checkpoint (one generation is about 100 rows),
            // so the first resume starts from a checkpoint.
            let point = stored + (round == 0 ? Int.random(in: 150...250) : Int.random(in: 20...120))
            killPoints.append(point)
            try await Self.waitForEvaluations(storePath, moreThan: point, process: process)
            #expect(
                process.isRunning,
                "round \(round): the run finished before the kill at \(point) evaluations: \(process.output.suffix(20))")
            process.signal(SIGKILL)
            _ = try await process.waitForExit()

            // Whatever the kill interrupted, the store is consistent and resumable.
            let check = try await Self.storeCheck(storePath)
            #expect(check.status == 0, "round \(round), kill points \(killPoints):\n\(check.output.joined(separator: "\n"))")
            #expect(check.output.contains { $0.contains("not finished (resumable)") })
            if round > 0 { resumedOutputs.append(process.output) }
            let killed = try RunStore(existing: storePath)
            stored = try killed.evaluations().count
            if round == 2 {
                // A checkpoint this version cannot decode: the last resume replays from the seed instead.
                let latest = try #require(try killed.latestCheckpoint())
                try killed.saveCheckpoint(
                    CheckpointRecord(generation: latest.generation, evaluations: latest.evaluations, state: Data("{}".utf8)))
            }
            process = try ChildProcess(
                ["search", "--resume", storePath, "--quiet", "--log-level", "notice"], name: "resume-\(round + 1)")
        }
        let latencyRowsBeforeLast = try RunStore(existing: storePath).evaluations().filter { $0.metric == "latency_ms" }.count
        #expect(try await process.waitForExit() == 0, "kill points \(killPoints): \(process.output)")
        #expect(process.output.contains { $0.contains("resuming 'e2e' from \(storePath): \(stored) evaluations stored") })
        let resumedLine = try #require(process.output.first { $0.hasPrefix("resumed: ") })
        #expect(resumedLine.contains("\(stored) evaluations came from the store"))
        if model == "none" {
            #expect(
                resumedOutputs.first?.contains { $0.contains("resuming from a checkpoint") } == true,
                "the first resume starts from a checkpoint: \(resumedOutputs.first ?? [])")
            #expect(process.output.contains { $0.contains("checkpoint does not decode; replaying the search from its seed") })
        } else {
            // With a latency model every resume replays from the seed, so the model re-learns as it did.
            #expect(
                (resumedOutputs + [process.output]).allSatisfy { output in
                    output.contains { $0.contains("replaying the search from its seed, so the latency models re-learn") }
                }, "\(resumedOutputs)")
        }

        // Same answer, and exactly the same evaluations as the undisturbed run: none lost, none extra.
        let actual = try Scratch.result(in: output)
        let expectedBest = (expected["best"] as? [String: Any])?["architecture"] as? String
        #expect(expectedBest != nil)
        #expect((actual["best"] as? [String: Any])?["architecture"] as? String == expectedBest, "kill points \(killPoints)")
        for field in ["accuracy_evaluations", "candidates", "generations"] {
            #expect(actual[field] as? Int == expected[field] as? Int, "\(field), kill points \(killPoints)")
        }
        let store = try RunStore(existing: storePath)
        let keys = try Self.keys(store)
        #expect(keys == expectedKeys, "kill points \(killPoints)")
        #expect(keys.values.allSatisfy { $0 }, "no evaluation failed")
        // Nothing stored before the last resume was asked of a worker again: every latency the
        // last run got from a worker is a new row.
        let latencyRows = try store.evaluations().filter { $0.metric == "latency_ms" }.count
        #expect(actual["latency_lookups"] as? Int == latencyRows - latencyRowsBeforeLast, "kill points \(killPoints)")
        #expect(try store.shrinks().count == (expected["shrink_log"] as? [Any])?.count)
        #expect(try store.run()?.finishedAt != nil)
        #expect(try await Self.storeCheck(storePath).status == 0)

        // Resuming a finished run prints its result and changes nothing.
        let again = try ChildProcess(["search", "--resume", storePath], name: "again")
        #expect(try await again.waitForExit() == 0)
        #expect(again.output.contains { $0.contains("already finished; nothing to resume") })
        #expect(again.output.contains { $0.contains(expectedBest ?? "?") })
    }

    @Test("a coordinator SIGKILLed under remote workers, resumed on the same endpoint: the workers register again, same result")
    func coordinatorRestart() async throws {
        let expected = try await FaultInjectionTests.reference.value
        var fleet = try await FaultFleet.start(
            label: "resume-coordinator", workers: FaultFleet.latencyWorkers + FaultInjectionTests.accuracyWorkers)
        let point = Int.random(in: 20...150)
        try await fleet.waitForEvaluations(moreThan: point)
        fleet.coordinator.signal(SIGKILL)
        _ = try await fleet.coordinator.waitForExit()
        let storePath = try #require(fleet.storePath)
        let check = try await Self.storeCheck(storePath)
        #expect(check.status == 0, "killed at \(point) evaluations:\n\(check.output.joined(separator: "\n"))")

        // The same endpoint, so the workers still running find it again.
        let resumed = try ChildProcess(
            ["coordinator", "--resume", storePath, "--bind", fleet.endpoint, "--quiet"], name: "resumed-coordinator")
        #expect(try await resumed.waitForExit() == 0, "killed at \(point) evaluations: \(resumed.output)")
        #expect(fleet.workers.values.allSatisfy { !$0.output.contains { $0.contains("Error") } })
        let actual = try fleet.outcome()
        #expect(actual == expected, "killed at \(point) evaluations")
        for worker in fleet.workers.keys {
            #expect(
                resumed.output.contains { $0.contains("worker joined") && $0.contains(worker) },
                "\(worker) registered with the resumed coordinator")
        }
    }

    @Test("--resume of a run that is still going is refused, naming the process that runs it; once that is killed, it resumes")
    func runStillGoing() async throws {
        let scratch = try Scratch.directory("resume-live")
        let config = try Scratch.config(Self.config(), in: scratch)
        let output = scratch.appendingPathComponent("out")
        // A coordinator with no workers: its run is going (it holds the run) and cannot finish
        // before the second process looks, however loaded the machine is.
        let running = try ChildProcess(
            ["coordinator", "--config", config, "--output", output.path, "--bind", "tcp://127.0.0.1:*", "--quiet"],
            name: "running")
        var storePath = ""
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline, running.isRunning {
            if let run = try? Scratch.runDirectory(in: output),
                FileManager.default.fileExists(atPath: run.appendingPathComponent("run.sqlite").path),
                running.output.contains(where: { $0.contains("listening") })
            {
                storePath = run.appendingPathComponent("run.sqlite").path
                break
            }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(!storePath.isEmpty, "the coordinator never opened its run: \(running.output)")
        let second = try ChildProcess(["search", "--resume", storePath, "--quiet"], name: "second")
        #expect(try await second.waitForExit() != 0)
        #expect(running.isRunning, "the refused resume must not disturb the run")
        #expect(
            second.output.contains { $0.contains("in use by another process (pid \(running.pid))") }, "\(second.output)")
        running.signal(SIGKILL)
        _ = try await running.waitForExit()
        let resumed = try ChildProcess(["search", "--resume", storePath, "--quiet"], name: "resumed")
        #expect(try await resumed.waitForExit() == 0, "\(resumed.output)")
    }

    @Test("--resume refuses what it cannot resume, naming the file and the reason")
    func refusals() async throws {
        let scratch = try Scratch.directory("resume-bad")
        let config = try Scratch.config(Self.config(), in: scratch)
        let garbage = scratch.appendingPathComponent("garbage.sqlite")
        try Data(repeating: 0x42, count: 4096).write(to: garbage)
        let missing = scratch.appendingPathComponent("missing.sqlite").path
        let cases: [([String], String)] = [
            (["search", "--resume", missing], "no such file"),
            (["search", "--resume", garbage.path], "not a readable SQLite database"),
            (["search", "--resume", garbage.path, "--config", config], "exclude each other"),
            (["search", "--resume", garbage.path, "--output", scratch.path], "cannot be combined with --resume"),
            (["coordinator", "--resume", missing], "no such file"),
            (["search"], "--config FILE"),
        ]
        for (index, (arguments, expected)) in cases.enumerated() {
            let process = try ChildProcess(arguments, name: "refusal-\(index)")
            #expect(try await process.waitForExit() != 0)
            #expect(process.output.contains { $0.contains(expected) }, "\(arguments): \(process.output)")
        }
        #expect(!FileManager.default.fileExists(atPath: missing), "a refused resume creates nothing")
    }
}
