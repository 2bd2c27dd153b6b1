import Foundation
import Testing

/// `--runtime command`: a small shell script stands in for a vendor benchmark tool.
@Suite("command runtime")
struct CommandRuntimeTests {
    /// Writes an executable script and returns its path.
    static func script(_ body: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent("tool-\(UUID().uuidString.prefix(6)).sh")
        try ("#!/bin/sh\n" + body + "\n").write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: url.path)
        return url.path
    }

    static func measure(_ tool: String, pattern: String = "latency: ([0-9.]+) ms", extra: [String] = []) throws -> ChildProcess {
        try ChildProcess(
            ["measure", "--space", "spos", "--random", "4", "--runtime", "command", "--command", "\(tool) {model} {threads}",
             "--pattern", pattern, "--json"] + extra,
            name: "command-runtime")
    }

    @Test("the tool gets a real ONNX model and its printed figure becomes the latency")
    func figureIsParsed() async throws {
        let scratch = try Scratch.directory("command-ok")
        // The stand-in checks it got a non-empty model file starting like a protobuf ModelProto
        // (field 1, ir_version, varint), and its thread count, then prints a figure.
        let tool = try Self.script(
            """
            test -s "$1" || { echo "no model at $1" >&2; exit 2; }
            head -c 1 "$1" | od -An -tx1 | grep -q 08 || { echo "not an ONNX model" >&2; exit 3; }
            test "$2" = 1 || { echo "threads $2" >&2; exit 4; }
            echo "warming up"
            echo "latency: 12.5 ms (avg over 50 runs)"
            """, in: scratch)
        let run = try Self.measure(tool)
        let status = try await run.waitForExit()
        #expect(status == 0, "\(run.output)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(run.output.joined(separator: "\n").utf8)) as? [String: Any])
        let measurement = try #require(json["measurement"] as? [String: Any])
        let statistics = try #require(measurement["statistics"] as? [String: Any])
        #expect(statistics["median"] as? Double == 12.5)
        let environment = try #require(measurement["environment"] as? [String: Any])
        #expect(environment["runtime"] as? String == "command")
    }

    @Test("a tool that fails answers with its status and stderr, never a number")
    func failingTool() async throws {
        let scratch = try Scratch.directory("command-fail")
        let tool = try Self.script("echo 'segmentation fault in delegate' >&2; exit 3", in: scratch)
        let run = try Self.measure(tool)
        let status = try await run.waitForExit()
        #expect(status != 0)
        let text = run.output.joined(separator: "\n")
        #expect(text.contains("status 3") && text.contains("segmentation fault in delegate"), "\(text)")
        #expect(!text.contains("median"))
    }

    @Test("a tool that prints no figure fails with its output quoted")
    func noFigure() async throws {
        let scratch = try Scratch.directory("command-nofigure")
        let tool = try Self.script("echo 'benchmark finished, see log'", in: scratch)
        let run = try Self.measure(tool)
        let status = try await run.waitForExit()
        #expect(status != 0)
        let text = run.output.joined(separator: "\n")
        #expect(text.contains("printed no figure") && text.contains("benchmark finished, see log"), "\(text)")
    }

    @Test("a template without {model} or a pattern without a group is refused naming the flag")
    func badFlags() async throws {
        let noModel = try ChildProcess(
            ["measure", "--space", "spos", "--random", "1", "--runtime", "command", "--command", "true", "--pattern", "(x)"],
            name: "command-nomodel")
        #expect(try await noModel.waitForExit() != 0)
        #expect(noModel.output.contains { $0.contains("--command") && $0.contains("{model}") }, "\(noModel.output)")
        let noGroup = try ChildProcess(
            ["measure", "--space", "spos", "--random", "1", "--runtime", "command", "--command", "true {model}", "--pattern", "ms"],
            name: "command-nogroup")
        #expect(try await noGroup.waitForExit() != 0)
        #expect(noGroup.output.contains { $0.contains("--pattern") && $0.contains("capture group") }, "\(noGroup.output)")
    }
}
