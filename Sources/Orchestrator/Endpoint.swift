/// Checks ZeroMQ endpoint strings before they reach libzmq, for a clearer error.
public enum Endpoint {
    /// Accepts `tcp://HOST:PORT` (PORT may be `*` when binding), `ipc://PATH` and `inproc://NAME`.
    public static func check(_ endpoint: String, field: String) throws(ConfigError) {
        func fail(_ why: String) -> ConfigError {
            ConfigError(field: field, "'\(endpoint)' is not a ZeroMQ endpoint: \(why)")
        }
        if endpoint.hasPrefix("ipc://") || endpoint.hasPrefix("inproc://") {
            guard !endpoint.hasSuffix("//") else { throw fail("the name after '//' is empty") }
            return
        }
        guard endpoint.hasPrefix("tcp://") else {
            throw fail("expected tcp://HOST:PORT, ipc://PATH or inproc://NAME")
        }
        let rest = endpoint.dropFirst("tcp://".count)
        guard let colon = rest.lastIndex(of: ":") else { throw fail("missing ':PORT'") }
        let host = rest[..<colon]
        let port = rest[rest.index(after: colon)...]
        guard !host.isEmpty else { throw fail("missing host") }
        guard port == "*" || (UInt16(port).map { $0 > 0 } ?? false) else {
            throw fail("port '\(port)' must be 1-65535 or '*'")
        }
    }
}
