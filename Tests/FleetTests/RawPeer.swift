import Fleet
import Foundation
import ZeroMQ

/// A hand-driven DEALER socket for tests: sends exactly the frames a test wants and reads
/// what the coordinator answers, with timeouts. Used from one test task only.
struct RawPeer: ~Copyable {
    let socket: ZMQSocket

    init(context: ZMQContext, endpoint: String) throws {
        let socket = try ZMQSocket(context: context, type: .dealer)
        try socket.setLinger(milliseconds: 0)
        try socket.connect(endpoint)
        self.socket = socket
    }

    func send(_ envelope: Envelope) throws {
        _ = try socket.send([envelope.encoded()])
    }

    func sendRaw(_ frames: [[UInt8]]) throws {
        _ = try socket.send(frames)
    }

    /// The next envelope satisfying `predicate`, skipping others (heartbeats, …). While it
    /// waits it sends a heartbeat every 100 ms, as a live worker would.
    func receive(
        timeout: Duration = .seconds(30), where predicate: (Envelope) -> Bool = { _ in true }
    ) async throws -> Envelope? {
        try await firstFrame(timeout: timeout) { frame in (try? Envelope.decode(frame)).flatMap { predicate($0) ? $0 : nil } }
    }

    /// The body of the next `job` envelope as plain JSON, with fields the Swift types do not decode
    /// (a shipped `model`); heartbeats like ``receive(timeout:where:)``.
    func receiveJobBody(timeout: Duration = .seconds(30)) async throws -> [String: Any]? {
        try await firstFrame(timeout: timeout) { frame in
            guard let object = try? JSONSerialization.jsonObject(with: Data(frame)) as? [String: Any],
                object["type"] as? String == "job"
            else { return nil }
            return object["body"] as? [String: Any]
        }
    }

    /// The first frame `match` turns into a value, heartbeating every 100 ms while it waits.
    private func firstFrame<Value>(timeout: Duration, _ match: ([UInt8]) -> Value?) async throws -> Value? {
        let deadline = ContinuousClock.now + timeout
        var nextHeartbeat = ContinuousClock.now
        while ContinuousClock.now < deadline {
            if ContinuousClock.now >= nextHeartbeat {
                try send(Envelope(id: "hb", message: .heartbeat))
                nextHeartbeat = ContinuousClock.now + .milliseconds(100)
            }
            if let frames = try socket.receive(dontWait: true) {
                if let frame = frames.last, let value = match(frame) { return value }
                continue
            }
            try await Task.sleep(for: .milliseconds(2))
        }
        return nil
    }
}
