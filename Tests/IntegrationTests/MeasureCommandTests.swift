import Foundation
import TestSupport
import Testing

/// `hsconas measure` and `hsconas export` as a user runs them.
@Suite("measure and export commands")
struct MeasureCommandTests {
    static func json(_ run: ChildProcess) throws -> [String: Any] {
        let text = run.output.joined(separator: "\n")
        guard let start = text.firstIndex(of: "{"),
            let object = try JSONSerialization.jsonObject(with: Data(text[start...].utf8)) as? [String: Any]
        else { throw TestFailure("no JSON in output:\n\(text)") }
        return object
    }

    @Test("native and onnxruntime measure the same network, with statistics and environment", arguments: ["native", "onnxruntime"])
    func measure(runtime: String) async throws {
        let run = try ChildProcess(
            ["measure", "--space", "nb201", "--random", "11", "--runtime", runtime, "--min-runs", "5", "--min-seconds", "0.02",
             "--json"],
            name: "measure-\(runtime)")
        #expect(try await run.waitForExit() == 0, "\(run.output)")
        let report = try Self.json(run)
        #expect(report["space"] as? String == "nb201")
        #expect((report["macs"] as? Int ?? 0) > 1_000_000)
        let measurement = try #require(report["measurement"] as? [String: Any])
        let statistics = try #require(measurement["statistics"] as? [String: Any])
        let median = try #require(statistics["median"] as? Double)
        #expect(median > 0.01 && median < 1000)
        #expect((statistics["p10"] as? Double ?? .infinity) <= median && median <= (statistics["p90"] as? Double ?? 0))
        #expect((statistics["samples"] as? Int ?? 0) >= 5)
        let environment = try #require(measurement["environment"] as? [String: Any])
        #expect(environment["runtime"] as? String == runtime)
        #expect((environment["runtimeVersion"] as? String)?.isEmpty == false)
        #expect((environment["cores"] as? [Int])?.count == 1)
    }

    @Test("export writes a model onnx's checker accepts")
    func export() async throws {
        let scratch = try Scratch.directory("export")
        let path = scratch.appendingPathComponent("model.onnx").path
        let run = try ChildProcess(["export", "--space", "spos", "--random", "3", "-o", path, "--batch", "0"], name: "export")
        #expect(try await run.waitForExit() == 0, "\(run.output)")
        let checker = Process()
        checker.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        checker.arguments = ["python3", "-c", "import onnx, sys; onnx.checker.check_model(onnx.load(sys.argv[1]), full_check=True)", path]
        try checker.run()
        while checker.isRunning { try await Task.sleep(for: .milliseconds(20)) }
        #expect(checker.terminationStatus == 0)
    }

    @Test("bad flags and architectures are refused naming the flag and value")
    func badInput() async throws {
        let cases: [([String], String)] = [
            (["measure", "--space", "nb201", "--random", "1", "--cores", "99"], "cores"),
            (["measure", "--space", "resnet", "--random", "1"], "resnet"),
            (["measure", "--space", "spos", "--arch", "k3:1.0-k9:1.0"], "--arch"),
            (["measure", "--space", "spos", "--random", "1", "--runtime", "tpu"], "tpu"),
            (["measure", "--space", "spos", "--random", "1", "--min-runs", "0"], "min-runs"),
            (["export", "--space", "spos", "--random", "1", "-o", "/nonexistent-dir/x.onnx"], "/nonexistent-dir/x.onnx"),
        ]
        for (index, (arguments, needle)) in cases.enumerated() {
            let run = try ChildProcess(arguments, name: "bad-measure-\(index)")
            #expect(try await run.waitForExit() != 0)
            #expect(run.output.contains { $0.contains(needle) }, "case \(index) should mention \(needle): \(run.output)")
        }
    }
}
