import Foundation
import Logging
import ZeroMQ

/// A running worker: a DEALER socket connected to a coordinator, on its own thread.
public final class FleetWorker: Sendable {
    private let thread: ZMQSocketThread<WorkerCore>
    private let outbox: WorkerOutbox
    /// Reports failed handshakes (a refused key, a wrong coordinator key), with `security` only.
    private let monitor: ZMQSocketMonitor?

    /// Connects to `coordinator` (e.g. `tcp://10.0.0.2:5555`) and starts introducing itself.
    /// With `security`, the connection is CURVE-encrypted and the coordinator must know the key.
    /// A worker that `staysAfterBye` outlives a coordinator's final bye and serves the next
    /// coordinator at the same address; answers to the gone one's jobs are dropped.
    public init(
        context: ZMQContext, coordinator: String, hello: Hello, executor: any JobExecutor, heartbeatMs: Int = 1000,
        staysAfterBye: Bool = false, security: WorkerSecurity? = nil, logger: Logger = Logger(label: "hsconas.worker")
    ) throws(FleetError) {
        let monitorEndpoint = security.map { _ in "inproc://hsconas-worker-monitor-\(UUID().uuidString)" }
        let socket = try Self.connectSocket(
            context: context, coordinator: coordinator, security: security, monitorEndpoint: monitorEndpoint)
        monitor = try monitorEndpoint.map { endpoint throws(FleetError) in
            try Self.startMonitor(context: context, endpoint: endpoint, coordinator: coordinator, logger: logger)
        }
        let outbox = WorkerOutbox()
        self.outbox = outbox
        let tickMs = max(10, min(100, heartbeatMs / 4))
        do {
            thread = try ZMQSocketThread(
                socket: socket,
                handler: WorkerCore(
                    hello: hello, executor: executor, heartbeatMs: heartbeatMs, stays: staysAfterBye, outbox: outbox, logger: logger),
                name: "hsconas-worker", tickInterval: .milliseconds(tickMs))
        } catch {
            throw FleetError("cannot start the worker's socket thread: \(error)")
        }
        outbox.attach(thread)
    }

    private static func connectSocket(
        context: ZMQContext, coordinator: String, security: WorkerSecurity?, monitorEndpoint: String?
    ) throws(FleetError) -> ZMQSocket {
        do {
            let socket = try ZMQSocket(context: context, type: .dealer)
            if let security {
                try socket.setCurveServerKey(security.serverKey)
                try socket.setCurvePublicKey(security.publicKey)
                try socket.setCurveSecretKey(security.secretKey)
            }
            if let monitorEndpoint {
                try socket.monitor(monitorEndpoint, events: ZMQMonitorEvent.handshakeFailures)
            }
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

    /// Logs failed handshakes: with CURVE, a refused key otherwise looks like a silent coordinator.
    private static func startMonitor(
        context: ZMQContext, endpoint: String, coordinator: String, logger: Logger
    ) throws(FleetError) -> ZMQSocketMonitor {
        let refusals = RefusalLog()
        do {
            return try ZMQSocketMonitor(context: context, endpoint: endpoint) { event in
                guard event.isHandshakeFailure, let attempts = refusals.admit(event.description) else { return }
                logger.warning(
                    "the coordinator refused the connection; is this worker's public key in its allow-list, and is --coordinator-key its public key?",
                    metadata: ["coordinator": "\(coordinator)", "reason": "\(event)", "attempts": "\(attempts)"])
            }
        } catch {
            throw FleetError("cannot monitor the worker's socket: \(error)")
        }
    }

    /// Serves until the coordinator says a final `bye` (unless the worker stays) or ``stop()`` is
    /// called, then says `bye` itself (when it is the one stopping) and closes its socket.
    public func run() async {
        await outbox.wait()
        thread.stop()
        await thread.finished()
    }

    /// Stops serving: says `bye`, closes the socket; ``run()`` returns.
    public func stop() {
        outbox.finish()
        thread.stop()
        monitor?.stop()
    }

    /// Stops serving and waits until the socket is closed.
    public func shutdown() async {
        stop()
        await thread.finished()
        await monitor?.finished()
    }
}
