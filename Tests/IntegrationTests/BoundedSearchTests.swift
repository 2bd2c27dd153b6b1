import BenchmarkData
import Foundation
import Orchestrator
import Store
import Testing

/// Limits relative to a device (`max_latency: p30`) and bounds on a search's measurements and
/// wall time: resolved and stored at the start, ended cleanly with the best answer so far, and
/// continued by `--resume` with a larger bound.
@Suite("relative limits and search bounds")
struct BoundedSearchTests {
    static func config(limit: String = "max_latency: p40", bounds: String = "max_measurements: 30") -> String {
        """
        name: bounded
        space: nb201
        dataset: cifar10
        strategy: hsconas
        seed: 4
        budget: 60
        population: 10
        parents: 4
        \(bounds)
        targets:
          - device: raspi4
            max_latency: p50
          - device: bounded_cpu
            runtime: native
            \(limit)
            limit_sample: 8
            model: none         # every candidate measured, so the bound is what stops the search
        fleet:
          bind: tcp://127.0.0.1:*
          heartbeat_ms: 500
          accuracy_workers: 1
          measurement:
            warmup_runs: 1
            min_runs: 3
            min_seconds: 0.002
            max_cv: 1
            attempts: 1
        output: unused
        """
    }

    static let table = try! NB201Table.bundled()

    @Test("bad relative limits and bounds are refused naming the field and the value")
    func badValues() {
        let cases: [(String, String, String)] = [
            (Self.config(limit: "max_latency: p0"), "targets[1].max_latency", "p0"),
            (Self.config(limit: "max_latency: p101"), "targets[1].max_latency", "p101"),
            (Self.config(limit: "max_latency: fast"), "targets[1].max_latency", "fast"),
            (Self.config(limit: "max_latency: p30\n    max_latency_ms: 2"), "targets[1].max_latency", "p30"),
            (Self.config(limit: "threads: 1"), "targets[1].max_latency_ms", "required"),
            (Self.config().replacingOccurrences(of: "limit_sample: 8", with: "limit_sample: 2"), "targets[1].limit_sample", "2"),
            (Self.config(bounds: "max_measurements: -5"), "max_measurements", "-5"),
            (Self.config(bounds: "max_measurements: 0"), "max_measurements", "0"),
            (Self.config(bounds: "max_wall_seconds: -1"), "max_wall_seconds", "-1"),
        ]
        for (yaml, field, value) in cases {
            do {
                _ = try SearchConfig.parse(yaml: yaml, table: Self.table)
                Issue.record("accepted a config that should name \(field)")
            } catch {
                #expect(error.field == field, "\(error)")
                #expect(error.description.contains(value), "\(error) should name the value \(value)")
            }
        }
        // Both forms parse; the relative one is resolved later.
        let relative = try? SearchConfig.parse(yaml: Self.config(), table: Self.table)
        #expect(relative?.targets[1].relativeLimit?.percentile == 40)
        #expect(relative?.maxMeasurements == 30)
    }

    @Test("p-limits resolve on the table and on a measured sample; a bound ends the run cleanly; --resume with a larger bound finishes it")
    func resolveStopResume() async throws {
        let scratch = try Scratch.directory("bounded")
        let config = try Scratch.config(Self.config(), in: scratch)
        let output = scratch.appendingPathComponent("out")
        let first = try ChildProcess(["search", "--config", config, "--output", output.path], name: "bounded")
        let status = try await first.waitForExit()
        let printed = first.output.joined(separator: "\n")
        #expect(status == 0, "\(printed)")
        #expect(printed.contains("limit resolved: bounded_cpu: max_latency p40 ="), "\(printed)")
        #expect(printed.contains("Stopped early: max_measurements 30 reached on bounded_cpu"), "\(printed)")

        let run = try Scratch.runDirectory(in: output)
        let storePath = run.appendingPathComponent("run.sqlite").path
        // The report draws the resolved limits (the config states only p50 and p40).
        #expect(!printed.contains("not written"), "\(printed)")
        #expect(FileManager.default.fileExists(atPath: run.appendingPathComponent("report.html").path))
        let store = try RunStore(path: storePath)
        let limits = Dictionary(uniqueKeysWithValues: try store.limits().map { ($0.device, $0) })
        // The replayed device's p50 is the table column's median, exactly.
        let raspi = try #require(limits["raspi4"])
        let column = try Self.table.latencies(device: "raspi4").map(Double.init).sorted()
        #expect(raspi.limitMs == column[Int((0.5 * Double(column.count - 1)).rounded())])
        #expect(raspi.source == "replay" && raspi.expression == "p50")
        // The measured device's p40 comes from its 8 sample networks, all stored as measured.
        let cpu = try #require(limits["bounded_cpu"])
        #expect(cpu.source == "measured" && cpu.sampleSize == 8)
        let measured = try store.evaluations().filter { $0.device == "bounded_cpu" && $0.metric == "latency_ms" }
        let values = measured.compactMap(\.value)
        #expect(values.contains(cpu.limitMs), "the limit is one of the measured figures")
        // The bound held: in-flight jobs may finish, none is sent after it.
        #expect(measured.count == 30, "\(measured.count) measurements on bounded_cpu")

        let result = try Scratch.result(in: output)
        #expect((result["stopped_by"] as? String)?.contains("max_measurements 30") == true)
        let targets = try #require(result["targets"] as? [[String: Any]])
        #expect(targets[1]["max_latency_ms"] as? Double == cpu.limitMs)
        #expect(targets[1]["max_latency"] as? String == "p40")
        #expect((result["measurements"] as? [String: Int])?["bounded_cpu"] == 30)
        #expect(try store.run()?.finishedAt == nil, "a bounded run stays resumable")

        // Resumed with a larger bound: the same limit, the stored figures reused, the run finished.
        let resumed = try ChildProcess(
            ["search", "--resume", storePath, "--max-measurements", "1000", "--quiet"], name: "bounded-resume")
        #expect(try await resumed.waitForExit() == 0, "\(resumed.output.joined(separator: "\n"))")
        let after = try RunStore(path: storePath)
        #expect(try after.limits() == (try store.limits()))
        #expect(try after.run()?.finishedAt != nil)
        let final = try Scratch.result(in: output)
        #expect(final["stopped_by"] == nil)
        #expect(final["accuracy_evaluations"] as? Int == 60)
        let best = try #require(final["best"] as? [String: Any])
        let latency = try #require(best["latency_ms"] as? [String: [String: Any]])
        let answer = try #require(latency["bounded_cpu"]?["value"] as? Double)
        #expect(answer <= cpu.limitMs)
        #expect(latency["bounded_cpu"]?["source"] as? String == "measured")
    }
}
