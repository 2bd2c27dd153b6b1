import Foundation

/// Where the live page listens: `HOST:PORT` (`127.0.0.1:8080`, `[::1]:0`, `0.0.0.0:8080`); port 0
/// picks a free one. Nothing but the address the user names is bound, and the default is loopback.
public struct HTTPAddress: Sendable, Hashable {
    /// Host name or address to bind, without IPv6 brackets.
    public var host: String
    /// TCP port, 0 to 65535; 0 picks a free one.
    public var port: Int

    /// Parses `--http`'s value; a bare port means loopback.
    public init(parsing text: String, option: String = "--http") throws(LiveError) {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let hostPart: Substring
        let portPart: Substring
        if let colon = trimmed.lastIndex(of: ":") {
            hostPart = trimmed[..<colon]
            portPart = trimmed[trimmed.index(after: colon)...]
        } else {
            hostPart = "127.0.0.1"
            portPart = Substring(trimmed)
        }
        guard let port = Int(portPart), (0...65535).contains(port) else {
            throw LiveError("\(option) '\(text)': expected HOST:PORT with a port from 0 to 65535, e.g. 127.0.0.1:8080")
        }
        var host = String(hostPart)
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "/" }) else {
            throw LiveError("\(option) '\(text)': the host is empty or not an address, e.g. 127.0.0.1:8080")
        }
        self.host = host
        self.port = port
    }
}
