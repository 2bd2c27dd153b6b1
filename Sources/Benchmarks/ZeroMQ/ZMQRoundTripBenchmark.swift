import Dispatch
import Glibc
import Synchronization
import ZeroMQ

/// The reference libzmq round-trip rate on this machine, shown next to fleet job rates by
/// `hsconas bench fleet`.
///
/// In one process and one context, a ROUTER bound on `tcp://127.0.0.1:*` echoes every message on
/// its own thread, while a DEALER on another thread keeps `window` small messages in flight. This
/// is plain blocking libzmq through ``ZMQSocket``, without ``ZMQSocketThread``'s loop, so it is
/// the ceiling the fleet's transport can approach.
public enum ZMQRoundTripBenchmark {
    /// Payload bytes per message: the order of a small fleet envelope header.
    public static let payloadSize = 16

    /// Runs `roundTrips` pipelined round trips with up to `window` in flight and returns round
    /// trips per second. Blocks the caller until done (a few seconds at most for millions), so
    /// call it from a dedicated thread or a detached task rather than a latency-sensitive one.
    ///
    /// Throws `EINVAL` for a count or window below 1, or `EAGAIN` if an echo stops arriving for
    /// 10 seconds.
    public static func measure(roundTrips: Int, window: Int) throws(ZMQError) -> Double {
        guard roundTrips >= 1, window >= 1 else {
            throw ZMQError(
                code: EINVAL, operation: "ZMQRoundTripBenchmark.measure",
                message: "roundTrips and window must be at least 1, got \(roundTrips) and \(window)")
        }
        let context = try ZMQContext()
        let router = try ZMQSocket(context: context, type: .router)
        try configure(router)
        let endpoint = try router.bind("tcp://127.0.0.1:*")
        let dealer = try ZMQSocket(context: context, type: .dealer)
        try configure(dealer)
        try dealer.connect(endpoint)

        let failure = Mutex<ZMQError?>(nil)
        let elapsed = Mutex<Duration?>(nil)
        let done = DispatchGroup()
        // The router must stay open until the dealer has every echo: closing it (linger 0) would
        // discard echoes still queued in libzmq.
        let dealerFinished = DispatchSemaphore(value: 0)
        let routerBox = ZMQSocketBox(router)
        let dealerBox = ZMQSocketBox(dealer)

        done.enter()
        do throws(ZMQError) {
            try ZMQDetachedThread.start(name: "bench-router") {
                defer { done.leave() }
                guard let router = routerBox.take() else { return }
                defer { dealerFinished.wait() }
                do throws(ZMQError) {
                    // One extra for the warm-up round trip.
                    for _ in 0...roundTrips {
                        try router.send(try receiveEcho(router))
                    }
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                }
            }
        } catch {
            done.leave()
            throw error
        }
                done.enter()
        do throws(ZMQError) {
            try ZMQDetachedThread.start(name: "bench-dealer") {
                defer {
                    dealerFinished.signal()
                    done.leave()
                }
                guard let dealer = dealerBox.take() else { return }
                do throws(ZMQError) {
                    let time = try runDealer(dealer, roundTrips: roundTrips, window: window)
                    elapsed.withLock { $0 = time }
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                }
            }
        } catch {
            dealerFinished.signal()
            done.leave()
            done.wait()
            throw error
        }
        done.wait()

        if let error = failure.withLock({ $0 }) { throw error }
        guard let time = elapsed.withLock({ $0 }) else {
            throw ZMQError(code: EINVAL, operation: "ZMQRoundTripBenchmark.measure", message: "no timing recorded")
        }
        let seconds = Double(time.components.seconds) + Double(time.components.attoseconds) / 1e18
        return Double(roundTrips) / max(seconds, 1e-9)
    }

    private static func configure(_ socket: borrowing ZMQSocket) throws(ZMQError) {
        // Unlimited queues: a window larger than the default 1000-message high-water marks must
        // not make the ROUTER drop echoes.
        try socket.setSendHighWaterMark(0)
        try socket.setReceiveHighWaterMark(0)
        try socket.setReceiveTimeout(milliseconds: 10_000)
        try socket.setLinger(milliseconds: 0)
    }

    private static func receiveEcho(_ socket: borrowing ZMQSocket) throws(ZMQError) -> [[UInt8]] {
        guard let frames = try socket.receive() else {
            throw ZMQError(
                code: EAGAIN, operation: "ZMQRoundTripBenchmark (\(socket.type) receive)",
                message: "nothing arrived for 10 s; is loopback TCP blocked or the machine overloaded?")
        }
        return frames
    }

    /// Keeps `window` messages in flight; returns the time for all `roundTrips` echoes.
    private static func runDealer(
        _ dealer: borrowing ZMQSocket, roundTrips: Int, window: Int
    ) throws(ZMQError) -> Duration {
        let payload = [UInt8](repeating: 0x5A, count: payloadSize)
        let message = [payload]
        // Warm-up: the connection is up and both threads are running before the clock starts.
        try dealer.send(message)
        _ = try receiveEcho(dealer)

        let clock = ContinuousClock()
        let start = clock.now
        var sent = 0
        while sent < min(window, roundTrips) {
            try dealer.send(message)
            sent += 1
        }
        for _ in 0..<roundTrips {
            _ = try receiveEcho(dealer)
            if sent < roundTrips {
                try dealer.send(message)
                sent += 1
            }
        }
        return start.duration(to: clock.now)
    }
}
