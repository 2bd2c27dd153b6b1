import Live
import Logging

/// `--http HOST:PORT`: starts the live page before the search, or nothing when the option is absent.
enum LiveOption {
    static func start(_ value: String?, logger: Logger) async throws -> LiveServer? {
        guard let value else { return nil }
        do {
            let server = LiveServer(address: try HTTPAddress(parsing: value), logger: logger)
            let port = try await server.start()
            let host = server.address.host.contains(":") ? "[\(server.address.host)]" : server.address.host
            Console.line("live page: http://\(host):\(port)/ (status /api/status, metrics /metrics)")
            return server
        } catch {
            throw CommandFailure("\(error)")
        }
    }
}
