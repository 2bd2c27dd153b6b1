import ZeroMQ

/// Streams what the loop calls, for tests of ticks, failures and shutdown.
final class EventHandler: ZMQSocketHandler {
    enum Event: Sendable {
        case received([[UInt8]])
        case tick(ContinuousClock.Instant)
        case failed(ZMQError)
        case stopping
    }

    private let events: AsyncStream<Event>.Continuation

    init(events: AsyncStream<Event>.Continuation) {
        self.events = events
    }

    func received(_ frames: [[UInt8]], on socket: borrowing ZMQSocket) {
        events.yield(.received(frames))
    }

    func tick(now: ContinuousClock.Instant, on socket: borrowing ZMQSocket) {
        events.yield(.tick(now))
    }

    func failed(_ error: ZMQError, on socket: borrowing ZMQSocket) {
        events.yield(.failed(error))
    }

    func stopping(on socket: borrowing ZMQSocket) {
        events.yield(.stopping)
        events.finish()
    }
}
