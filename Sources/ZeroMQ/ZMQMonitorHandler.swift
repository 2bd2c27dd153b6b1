/// The loop-confined side of a ``ZMQSocketMonitor``: parses events and hands them on.
final class ZMQMonitorHandler: ZMQSocketHandler {
    private let onEvent: @Sendable (ZMQMonitorEvent) -> Void

    init(onEvent: @escaping @Sendable (ZMQMonitorEvent) -> Void) {
        self.onEvent = onEvent
    }

    func received(_ frames: [[UInt8]], on socket: borrowing ZMQSocket) {
        guard let event = ZMQMonitorEvent(frames: frames) else { return }
        onEvent(event)
    }
}
