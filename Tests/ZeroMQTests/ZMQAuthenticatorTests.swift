import Synchronization
import Testing
import ZeroMQ

/// The ZAP handler and the socket monitor with real sockets over tcp loopback.
@Suite("ZAP handler and socket monitor")
struct ZMQAuthenticatorTests {
    /// Requests the policy saw and the monitor events, collected across threads.
    final class Seen: Sendable {
        let requests = Mutex<[ZMQZAPRequest]>([])
        let events = Mutex<[ZMQMonitorEvent]>([])
    }

    static func client(_ context: ZMQContext, keys: ZMQKeyPair?, server: ZMQKeyPair, endpoint: String) throws -> ZMQSocket {
        let dealer = try ZMQSocket(context: context, type: .dealer)
        try dealer.setLinger(milliseconds: 0)
        if let keys {
            try dealer.setCurveServerKey(server.publicKey)
            try dealer.setCurvePublicKey(keys.publicKey)
            try dealer.setCurveSecretKey(keys.secretKey)
        }
        try dealer.connect(endpoint)
        return dealer
    }

    @Test("the policy admits one key and refuses another; a plain-text peer fails the handshake; all of it is visible")
    func admitsOnlyListedKeys() async throws {
        let context = try ZMQContext()
        let server = try ZMQKeyPair.generate()
        let friend = try ZMQKeyPair.generate()
        let stranger = try ZMQKeyPair.generate()
        let seen = Seen()
        let authenticator = try ZMQAuthenticator(context: context) { request in
            seen.requests.withLock { $0.append(request) }
            return request.curvePublicKey == friend.publicKey ? .allow(userID: "friend") : .deny("unknown key")
        }
        let router = try ZMQSocket(context: context, type: .router)
        try router.setLinger(milliseconds: 0)
        try router.setCurveServer(true)
        try router.setCurveSecretKey(server.secretKey)
        try router.setZAPDomain("test-domain")
        try router.monitor("inproc://zap-test-monitor", events: ZMQMonitorEvent.handshakeFailures)
        let monitor = try ZMQSocketMonitor(context: context, endpoint: "inproc://zap-test-monitor") { event in
            seen.events.withLock { $0.append(event) }
        }
        let endpoint = try router.bind("tcp://127.0.0.1:*")

        let good = try Self.client(context, keys: friend, server: server, endpoint: endpoint)
        let bad = try Self.client(context, keys: stranger, server: server, endpoint: endpoint)
        let plain = try Self.client(context, keys: nil, server: server, endpoint: endpoint)
        var received: [[UInt8]] = []
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            // Never block: a refused DEALER may have no pipe to queue into.
            _ = try good.send([Array("from friend".utf8)], dontWait: true)
            _ = try bad.send([Array("from stranger".utf8)], dontWait: true)
            _ = try plain.send([Array("from plain".utf8)], dontWait: true)
            while let frames = try router.receive(dontWait: true) { received.append(frames.last ?? []) }
            let failures = seen.events.withLock { $0 }
            if !received.isEmpty, failures.contains(where: \.isAuthenticationFailure),
                failures.contains(where: { $0.description.contains("mechanism mismatch") })
            {
                break
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        // A starved test pool may have slept past the deadline: take what arrived meanwhile.
        while let frames = try router.receive(dontWait: true) { received.append(frames.last ?? []) }
        #expect(received.contains(Array("from friend".utf8)))
        #expect(!received.contains(Array("from stranger".utf8)))
        #expect(!received.contains(Array("from plain".utf8)))
        let requests = seen.requests.withLock { $0 }
        let strangerRequest = try #require(requests.first { $0.curvePublicKey == stranger.publicKey })
        #expect(strangerRequest.mechanism == "CURVE")
        #expect(strangerRequest.domain == "test-domain")
        #expect(strangerRequest.address == "127.0.0.1")
        // A plain-text peer never reaches ZAP; only the monitor sees it.
        #expect(requests.allSatisfy { $0.mechanism == "CURVE" })
        let events = seen.events.withLock { $0 }
        #expect(events.contains { $0.isAuthenticationFailure && $0.value == 400 })
        #expect(events.contains { $0.description.contains("mechanism mismatch") })
        monitor.stop()
        authenticator.stop()
        await monitor.finished()
        await authenticator.finished()
    }

    @Test("Z85 keys convert to 32 bytes and back; malformed text is refused")
    func z85() throws {
        let pair = try ZMQKeyPair.generate()
        let bytes = try #require(ZMQKeyPair.binary(z85: pair.publicKey))
        #expect(bytes.count == 32)
        #expect(ZMQKeyPair.z85(bytes) == pair.publicKey)
        #expect(ZMQKeyPair.binary(z85: "short") == nil)
        #expect(ZMQKeyPair.binary(z85: String(repeating: "~", count: 40)) == nil)
        #expect(ZMQKeyPair.z85([1, 2, 3]) == nil)
    }

    @Test("a second ZAP handler in the same context is refused with a clear error")
    func oneHandlerPerContext() throws {
        let context = try ZMQContext()
        let first = try ZMQAuthenticator(context: context) { _ in .allow(userID: "") }
        #expect(throws: ZMQError.self) { _ = try ZMQAuthenticator(context: context) { _ in .allow(userID: "") } }
        first.stop()
    }
}
