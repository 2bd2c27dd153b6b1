import Foundation
import Store
import Testing

/// A search whose fourth device is this machine's CPU, measured for real by a native worker process.
@Suite("measured search end to end")
struct MeasuredSearchTests {
    static func config(budget: Int = 12) -> String {
        """
        name: measured
        space: nb201
        dataset: cifar10
        strategy: hsconas
        seed: 3
        budget: \(budget)
        population: 6
        parents: 3
        targets:
          - device: raspi4
            max_latency_ms: 20
          - device: local_cpu
            runtime: native
            max_latency_ms: 50
        fleet:
          bind: tcp://127.0.0.1:*
          heartbeat_ms: 500
          accuracy_workers: 1
          measurement:
            warmup_runs: 1
            min_runs: 3
            min_seconds: 0.005
            max_cv: 0.5
            attempts: 1
        output: unused
        """
    }

    @Test("a native target is measured by its own worker, labelled and stored; far from the limit its regression decides, the answer is measured")
    func nativeTarget() async throws {
        let scratch = try Scratch.directory("measured")
        // Every network is far under 400 ms on any machine: after calibration the model decides.
        let config = try Scratch.config(
            Self.config(budget: 24).replacingOccurrences(of: "max_latency_ms: 50", with: "max_latency_ms: 400"), in: scratch)
        let output = scratch.appendingPathComponent("out")
        let search = try ChildProcess(["search", "--config", config, "--output", output.path, "--quiet"], name: "measured")
        let status = try await search.waitForExit()
        #expect(status == 0, "output:\n\(search.output.joined(separator: "\n"))")

        let result = try Scratch.result(in: output)
        let best = try #require(result["best"] as? [String: Any])
        let latency = try #require(best["latency_ms"] as? [String: [String: Any]])
        #expect(latency["local_cpu"]?["source"] as? String == "measured")
        #expect(latency["raspi4"]?["source"] as? String == "replay")
        #expect((result["optimum_scope"] as? String)?.contains("local_cpu measured") == true)

        // The device's cost: its calibration measurements and the answer's confirmation, the rest
        // decided on the regression (24 evaluations, so at least 24 candidates met every target).
        let cost = try #require((result["device_cost"] as? [String: [String: Any]])?["local_cpu"])
        let measurements = try #require(cost["measurements"] as? Int)
        let decided = try #require(cost["decided_on_model"] as? Int)
        #expect(measurements >= 10 && measurements <= 12, "calibration (10) and the answer: \(cost)")
        #expect(decided >= 24 - measurements, "\(cost)")
        #expect((cost["device_seconds"] as? Double ?? 0) > 0 && cost["replayed"] as? Bool == false)
        let raspiCost = try #require((result["device_cost"] as? [String: [String: Any]])?["raspi4"])
        #expect(raspiCost["replayed"] as? Bool == true && (raspiCost["measurements"] as? Int ?? 0) >= 24)
        let model = try #require((result["latency_models"] as? [String: [String: Any]])?["local_cpu"])
        // nb201: the device learns from the fleet, on the benchmark table's best-correlated devices.
        #expect(model["kind"] as? String == "transfer" && model["screened"] as? Int == decided, "\(model)")
        #expect((model["references"] as? [String])?.count == 3, "\(model)")

        let store = try RunStore(path: try Scratch.runDirectory(in: output).appendingPathComponent("run.sqlite").path)
        let records = try store.evaluations().filter { $0.device == "local_cpu" }
        let predicted = records.filter { $0.metric == "latency_predicted_ms" }
        #expect(predicted.allSatisfy { $0.source == .predicted && ($0.value ?? 0) > 0 })
        let measured = records.filter { $0.metric == "latency_ms" }
        #expect(measured.count == measurements, "a candidate decided on the model is never stored as measured")
        for record in measured {
            #expect(record.source == .measured)
            #expect(record.worker == "local_cpu-1")
            let value = try #require(record.value)
            #expect(value > 0.01 && value < 1000, "a 32×32 nb201 network measured at \(value) ms")
            let environment = try #require(record.environment.flatMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: String] })
            #expect(environment["runtime"] == "native")
            #expect(environment["runtime_version"]?.hasPrefix("hsconas-engine") == true)
            #expect(environment["threads"] == "1")
            #expect(Int(environment["runs"] ?? "") ?? 0 >= 3)
            #expect(environment["cpu"]?.isEmpty == false)
        }
    }

    @Test("bad measured targets and measurement settings are refused with the field named")
    func badMeasuredConfigs() async throws {
        let scratch = try Scratch.directory("badmeasured")
        let cases: [(String, String)] = [
            (Self.config().replacingOccurrences(of: "runtime: native", with: "runtime: tpu"), "targets[1].runtime"),
            (Self.config().replacingOccurrences(of: "runtime: native", with: "runtime: replay"), "targets[1].device"),
            (Self.config().replacingOccurrences(of: "runtime: native", with: "runtime: native\n    cores: [999]"), "targets[1].cores"),
            (Self.config().replacingOccurrences(of: "runtime: native", with: "runtime: native\n    threads: 0"), "targets[1].threads"),
            (Self.config().replacingOccurrences(of: "min_runs: 3", with: "min_runs: 0"), "fleet.measurement.min_runs"),
            (Self.config().replacingOccurrences(of: "attempts: 1", with: "attempts: 1\n    repeats: 4"), "fleet.measurement.repeats"),
            (Self.config().replacingOccurrences(of: "runtime: native", with: "runtime: native\n    model: crystal-ball"), "targets[1].model"),
            (Self.config().replacingOccurrences(of: "runtime: native", with: "runtime: native\n    confidence: 0"), "targets[1].confidence"),
            (Self.config().replacingOccurrences(of: "max_latency_ms: 20", with: "max_latency_ms: 20\n    model: table"), "targets[0].model"),
            (Self.config().replacingOccurrences(of: "runtime: native", with: "runtime: native\n    model: table"), "targets[1].profile"),
            (Self.config().replacingOccurrences(of: "runtime: native", with: "runtime: native\n    model: table\n    profile: /nonexistent/p.sqlite"),
             "targets[1].profile"),
        ]
        for (index, (yaml, field)) in cases.enumerated() {
            let directory = scratch.appendingPathComponent("case\(index)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = try Scratch.config(yaml, in: directory)
            let run = try ChildProcess(
                ["search", "--config", path, "--output", directory.appendingPathComponent("out").path], name: "badmeasured-\(index)")
            let status = try await run.waitForExit()
            #expect(status != 0)
            #expect(run.output.contains { $0.contains(field) }, "case \(index) should name \(field): \(run.output)")
            #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("out").path))
        }
    }
}
