import Foundation
import TestSupport

/// A fresh folder per test, so tests run in parallel without sharing files.
enum Scratch {
    static func directory(_ label: String) throws -> URL {
        try TestFolder.make(label)
    }

    /// Writes a config and returns its path.
    static func config(_ yaml: String, in directory: URL) throws -> String {
        let url = directory.appendingPathComponent("config.yaml")
        try yaml.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The single run folder a command created under `output`.
    static func runDirectory(in output: URL) throws -> URL {
        let entries = try FileManager.default.contentsOfDirectory(at: output, includingPropertiesForKeys: nil)
        guard entries.count == 1, let run = entries.first else {
            throw TestFailure("expected one run folder in \(output.path), found \(entries.map(\.lastPathComponent))")
        }
        return run
    }

    /// Runs a small real `hsconas search` (the end-to-end config, 40 evaluations, one accuracy
    /// worker) in a fresh folder; returns the folder, the run folder and the command's output.
    static func smallSearch(_ label: String) async throws -> (scratch: URL, run: URL, output: [String]) {
        let scratch = try directory(label)
        let config = try config(
            SearchEndToEndTests.config(budget: 40, heartbeatMs: 200, accuracyWorkers: 1, delayMs: 0), in: scratch)
        let output = scratch.appendingPathComponent("out")
        let search = try ChildProcess(["search", "--config", config, "--output", output.path, "--quiet"], name: "search")
        let status = try await search.waitForExit()
        guard status == 0 else { throw TestFailure("search exited \(status):\n\(search.output.joined(separator: "\n"))") }
        return (scratch, try runDirectory(in: output), search.output)
    }

    static func result(in output: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: try runDirectory(in: output).appendingPathComponent("result.json"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TestFailure("result.json is not an object")
        }
        return object
    }
}
