import ZeroMQ

/// ROUTER handler: answers `[id, "echo", frames...]` through the borrowed socket, remembers every
/// peer, and says `[id, "bye"]` to each of them when the loop stops.
final class EchoHandler: ZMQSocketHandler {
    private var peers: [[UInt8]] = []
    private let stoppingCalls: Counter
    private(set) var received = 0

    init(stoppingCalls: Counter = Counter()) {
        self.stoppingCalls = stoppingCalls
    }

    func received(_ frames: [[UInt8]], on socket: borrowing ZMQSocket) {
        received += 1
        guard let peer = frames.first else { return }
        if !peers.contains(peer) { peers.append(peer) }
        _ = try? socket.send([peer, Array("echo".utf8)] + frames.dropFirst())
    }

    func stopping(on socket: borrowing ZMQSocket) {
        stoppingCalls.increment()
        for peer in peers {
            _ = try? socket.send([peer, Array("bye".utf8)])
        }
    }
}
