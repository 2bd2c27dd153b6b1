import Foundation

/// A fresh folder per test, so tests run in parallel without sharing files.
enum Scratch {
    static func directory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("hsconas-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
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

    static func result(in output: URL) throws -> [String: Any] {
        let data = try Data(contentsOf: try runDirectory(in: output).appendingPathComponent("result.json"))
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
            throw TestFailure("result.json is not an object")
        }
        return object
    }
}
