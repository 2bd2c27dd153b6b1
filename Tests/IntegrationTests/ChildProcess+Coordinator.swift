import Foundation

extension ChildProcess {
    /// Starts `hsconas coordinator` on an ephemeral loopback port and returns it with the
    /// endpoint it printed.
    static func coordinator(config: String, output: URL) async throws -> (ChildProcess, endpoint: String) {
        let coordinator = try ChildProcess(
            ["coordinator", "--config", config, "--bind", "tcp://127.0.0.1:*", "--output", output.path, "--quiet"],
            name: "coordinator")
        let line = try await coordinator.waitForLine(containing: "coordinator listening on ")
        // "coordinator listening on tcp://127.0.0.1:PORT; waiting for workers"
        return (coordinator, String(line.split(separator: " ")[3].dropLast()))
    }

    /// Starts `hsconas worker` as a person does on a board: connected to `endpoint`, with `id` and `flags`.
    static func handStartedWorker(
        endpoint: String, id: String, flags: [String], heartbeatMs: Int = 300, name: String, environment: [String: String] = [:]
    ) throws -> ChildProcess {
        try ChildProcess(
            ["worker", "--coordinator", endpoint, "--heartbeat-ms", "\(heartbeatMs)", "--id", id] + flags, name: name,
            environment: environment)
    }
}
