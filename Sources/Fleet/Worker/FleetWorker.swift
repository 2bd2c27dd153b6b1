import Foundation
import Logging
import ZeroMQ

/// A running worker: a DEALER socket connected to a coordinator, on its own thread.
public final class FleetWorker: Sendable {
    private let thread: ZMQSocketThread<WorkerCore>
    private let outbox: WorkerOutbox

    /// Connects to `coordinator` (e.g. `tcp://10.0.0.2:5555`) and starts introducing itself.
    public init(
        context: ZMQContext, coordinator: String, hello: Hello, executor: any JobExecutor, heartbeatMs: Int = 1000,
        logger: Logger = Logger(label: "hsconas.worker")
    ) throws(FleetError) {
        let socket = try Self.connectSocket(context: context, coordinator: coordinator)
        let outbox = WorkerOutbox()
        self.outbox = outbox
        let tickMs = max(10, min(100, heartbeatMs / 4))
        do {
            thread = try ZMQSocketThread(
                socket: socket,
                handler: WorkerCore(hello: hello, executor: executor, heartbeatMs: heartbeatMs, outbox: outbox, logger: logger),
                name: "hsconas-worker", tickInterval: .milliseconds(tickMs))
        } catch {
            throw FleetError("cannot start the worker's socket thread: \(error)")
        }
        outbox.attach(thread)
    }

    private static func connectSocket(context: ZMQContext, coordinator: String) throws(FleetError) -> ZMQSocket {
        do {
            let socket = try ZMQSocket(context: context, type: .dealer)
            try socket.setLinger(milliseconds: 500)
            try socket.setMaxMessageSize(Int64(Envelope.maxBytes))
            try socket.setSendHighWaterMark(0)
            try socket.setReceiveHighWaterMark(0)
            try socket.connect(coordinator)
            return socket
        } catch {
            throw FleetError("cannot connect worker to coordinator '\(coordinator)': \(error)")
        }
    }

    /// Serves until the coordinator says a final `bye` or ``stop()`` is called, then says `bye`
    /// itself (when it is the one stopping) and closes its socket.
    public func run() async {
        await outbox.wait()
        thread.stop()
        await thread.finished()
    }

    /// Stops serving: says `bye`, closes the socket; ``run()`` returns.
    public func stop() {
        outbox.finish()
        thread.stop()
    }

    /// Stops serving and waits until the socket is closed.
    public func shutdown() async {
        stop()
        await thread.finished()
    }
}
