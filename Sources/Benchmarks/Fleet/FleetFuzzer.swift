import Fleet
import Glibc
import ZeroMQ

/// Throws ``EnvelopeFuzzer`` messages at a live coordinator from several raw DEALER peers.
///
/// ``run()`` blocks its thread (it drives its own sockets); call it from a thread of its own,
/// never from a Swift concurrency pool thread.
public struct FleetFuzzer: Sendable {
    /// The coordinator's endpoint the peers connect to, e.g. `tcp://127.0.0.1:5555`.
    public var endpoint: String
    /// Messages to send in all, dealt round-robin to the peers.
    public var messages: Int
    /// Raw DEALER peers that send them (at least 1).
    public var peers: Int
    /// Seed of the ``EnvelopeFuzzer``: the same seed generates the same messages.
    public var seed: UInt64
    /// CURVE settings for the peers (to fuzz past the handshake of a secured coordinator).
    public var security: WorkerSecurity?

    /// Creates a fuzzer for the coordinator at `endpoint`; a `peers` below 1 becomes 1.
    public init(endpoint: String, messages: Int, peers: Int = 8, seed: UInt64 = 1, security: WorkerSecurity? = nil) {
        self.endpoint = endpoint
        self.messages = messages
        self.peers = max(1, peers)
        self.seed = seed
        self.security = security
    }

    /// Sends every message (or until `stop` says so; it is asked every 256 messages), then
    /// lingers briefly so the last ones leave.
    public func run(stop: () -> Bool = { false }) throws(ZMQError) -> FuzzReport {
        let context = try ZMQContext()
        let clock = ContinuousClock()
        let started = clock.now
        var sockets: [FuzzPeer] = []
        for _ in 0..<peers {
            let socket = try ZMQSocket(context: context, type: .dealer)
            try socket.setLinger(milliseconds: 2000)
            // Bounded queues: when the coordinator is slower than us we wait, not pile up.
            try socket.setSendHighWaterMark(1000)
            try socket.setReceiveHighWaterMark(1000)
            try socket.setReconnectInterval(milliseconds: 20)
            if let security {
                try socket.setCurveServerKey(security.serverKey)
                try socket.setCurvePublicKey(security.publicKey)
                try socket.setCurveSecretKey(security.secretKey)
            }
            try socket.connect(endpoint)
            sockets.append(FuzzPeer(socket))
        }
        var generator = EnvelopeFuzzer(seed: seed)
        var report = FuzzReport()
        for index in 0..<messages {
            if index % 256 == 0 && stop() { break }
            let (frames, kind) = generator.next()
            let box = sockets[index % peers]
            // Drain answers now and then so the coordinator's replies never back up.
            if index % 64 == 0 { report.answers += try box.drain() }
            var attempts = 0
            while try !box.socket.send(frames, dontWait: true) {
                report.answers += try box.drain()
                attempts += 1
                // A peer just disconnected for a huge frame reconnects within ~20 ms.
                if attempts > 1 { usleepMilliseconds(1) }
                if attempts > 5000 { break }
            }
            if attempts <= 5000 { report.sent[kind, default: 0] += 1 }
        }
        for box in sockets { report.answers += try box.drain() }
        report.seconds = (clock.now - started).seconds
        return report
    }

    private func usleepMilliseconds(_ milliseconds: Int) {
        var request = timespec(tv_sec: 0, tv_nsec: milliseconds * 1_000_000)
        nanosleep(&request, nil)
    }
}
