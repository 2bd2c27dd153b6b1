import Foundation
import Live
import Logging
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

@Suite("live server")
struct LiveServerTests {
    @Test("addresses: HOST:PORT, [v6]:PORT and a bare port (loopback); bad ones name the option and value")
    func addresses() throws {
        #expect(try HTTPAddress(parsing: "127.0.0.1:8080") == HTTPAddress(parsing: "8080"))
        #expect(try HTTPAddress(parsing: "8080").host == "127.0.0.1")
        #expect(try HTTPAddress(parsing: "[::1]:0").host == "::1")
        #expect(try HTTPAddress(parsing: "0.0.0.0:9").port == 9)
        for bad in ["127.0.0.1:70000", "127.0.0.1:", ":80", "host:port", "a b:80", "-1"] {
            let error = #expect(throws: LiveError.self) { try HTTPAddress(parsing: bad) }
            #expect(error?.description.contains("--http '\(bad)'") == true, "\(String(describing: error))")
        }
    }

    static func fetch(_ port: Int, _ path: String, method: String = "GET") async throws -> (Int, String) {
        var request = URLRequest(url: try #require(URL(string: "http://127.0.0.1:\(port)\(path)")))
        request.httpMethod = method
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, String(decoding: data, as: UTF8.self))
    }

    @Test("before a search is attached: the three paths answer; other paths 404, other methods 405; a taken port is named")
    func paths() async throws {
        let server = LiveServer(address: try HTTPAddress(parsing: "127.0.0.1:0"), logger: Logger(label: "test"))
        let port = try await server.start()
        #expect(port > 0)
        #expect(try await Self.fetch(port, "/").0 == 200)
        let status = try await Self.fetch(port, "/api/status")
        #expect(status.0 == 200)
        #expect(try await Self.fetch(port, "/metrics").0 == 200)
        for path in ["/x", "/api", "/metrics/extra"] { #expect(try await Self.fetch(port, path).0 == 404, "\(path)") }
        for (path, method) in [("/", "POST"), ("/metrics", "DELETE"), ("/api/status", "PUT")] {
            #expect(try await Self.fetch(port, path, method: method).0 == 405, "\(method) \(path)")
        }
        // A second server on the same port cannot listen, and says where.
        let clash = LiveServer(address: try HTTPAddress(parsing: "127.0.0.1:\(port)"), logger: Logger(label: "test"))
        let error = await #expect(throws: LiveError.self) { _ = try await clash.start() }
        #expect(error?.description.contains("127.0.0.1:\(port)") == true, "\(String(describing: error))")
        await clash.stop()
        await server.stop()
    }

    @Test("stopping ends the server without a warning or an error in its log, with a kept-alive connection open")
    func quietStop() async throws {
        let logged = LoggedLines()
        let server = LiveServer(address: try HTTPAddress(parsing: "127.0.0.1:0"), logger: logged.logger())
        let port = try await server.start()
        // URLSession keeps the connection open for the next request.
        for path in ["/", "/api/status", "/metrics"] { #expect(try await Self.fetch(port, path).0 == 200) }
        await server.stop()
        #expect(logged.messages(from: .warning).isEmpty, "\(logged.messages(from: .warning))")
    }
}
