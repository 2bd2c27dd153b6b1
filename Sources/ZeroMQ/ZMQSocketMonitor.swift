/// Reads a socket's monitor events (see ``ZMQSocket/monitor(_:events:)``) on a PAIR socket with
/// its own ``ZMQSocketThread`` and passes each to `onEvent`, on that thread.
public final class ZMQSocketMonitor: Sendable {
    private let thread: ZMQSocketThread<ZMQMonitorHandler>

    /// Connects to the monitor `endpoint` in `context` (the same context as the watched socket).
    public init(context: ZMQContext, endpoint: String, onEvent: @escaping @Sendable (ZMQMonitorEvent) -> Void) throws(ZMQError) {
        let socket = try ZMQSocket(context: context, type: .pair)
        try socket.setLinger(milliseconds: 0)
        try socket.connect(endpoint)
        thread = try ZMQSocketThread(
            socket: socket, handler: ZMQMonitorHandler(onEvent: onEvent), name: "zmq-monitor", tickInterval: .seconds(1))
    }

    deinit {
        thread.stop()
    }

    /// Stops reading events and closes the PAIR socket.
    public func stop() {
        thread.stop()
    }

    /// Suspends until the PAIR socket is closed.
    public func finished() async {
        await thread.finished()
    }
}
