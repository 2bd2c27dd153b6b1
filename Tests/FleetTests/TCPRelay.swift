import Foundation
import Glibc
import Synchronization
import TestSupport

/// A loopback TCP relay that records every byte in both directions: peers connect to
/// ``endpoint`` and are forwarded to the target port. The recording is what a packet capture on
/// loopback would show, without root. Blocking sockets on threads of its own (never the pool).
final class TCPRelay: Sendable {
    /// `tcp://127.0.0.1:PORT` to connect to instead of the target.
    let endpoint: String
    private let listener: Int32
    private let targetPort: UInt16
    private let recorded = Mutex<[UInt8]>([])
    private let sockets = Mutex<[Int32]>([])

    init(targetEndpoint: String) throws {
        guard let portText = targetEndpoint.split(separator: ":").last, let port = UInt16(portText) else {
            throw TestFailure("relay: cannot read a port from \(targetEndpoint)")
        }
        targetPort = port
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.listener = listener
        var address = Self.loopback(port: 0)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard listener >= 0, bound == 0, listen(listener, 16) == 0 else { throw TestFailure("relay: cannot listen (errno \(errno))") }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(listener, $0, &length) }
        }
        endpoint = "tcp://127.0.0.1:\(UInt16(bigEndian: actual.sin_port))"
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Everything that crossed the relay so far, both directions interleaved.
    var bytes: [UInt8] { recorded.withLock { $0 } }

    /// Whether the recording contains `text` as plain bytes.
    func contains(_ text: String) -> Bool {
        let needle = Array(text.utf8)
        let haystack = bytes
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            if Array(haystack[start..<(start + needle.count)]) == needle { return true }
        }
        return false
    }

    /// Closes the listener and every relayed connection.
    func stop() {
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
        for fd in sockets.withLock({ $0 }) { shutdown(fd, Int32(SHUT_RDWR)) }
    }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            let upstream = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var address = Self.loopback(port: targetPort)
            let connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(upstream, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            guard connected == 0 else {
                close(client)
                close(upstream)
                continue
            }
            sockets.withLock { $0 += [client, upstream] }
            Thread { [self] in pump(from: client, to: upstream) }.start()
            Thread { [self] in pump(from: upstream, to: client) }.start()
        }
    }

    private func pump(from source: Int32, to destination: Int32) {
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(source, $0.baseAddress, $0.count) }
            guard count > 0 else { break }
            recorded.withLock { $0 += buffer[0..<count] }
            var sent = 0
            while sent < count {
                // MSG_NOSIGNAL: a peer that already closed must not SIGPIPE the whole test process.
                let written = buffer[sent..<count].withUnsafeBytes {
                    Glibc.send(destination, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
                }
                guard written > 0 else { break }
                sent += written
            }
            if sent < count { break }
        }
        shutdown(destination, Int32(SHUT_WR))
    }

    private static func loopback(port: UInt16) -> sockaddr_in {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        return address
    }
}
