import Foundation
import Logging
import ZeroMQ

/// A running coordinator: a ROUTER socket on its own thread, with the registry, queues,
/// leases and heartbeats of ``CoordinatorCore``.
///
/// Submit jobs from anywhere; read what happens from ``events``. Nothing here blocks a
/// Swift concurrency thread: the socket thread does all the ZeroMQ work.
public final class FleetCoordinator: Sendable {
    /// The endpoint actually bound (the real port when binding `tcp://127.0.0.1:*`).
    public let endpoint: String
    /// Completed and failed jobs and worker arrivals and departures, in order.
    public let events: AsyncStream<FleetEvent>
    private let thread: ZMQSocketThread<CoordinatorCore>
    private let state: SnapshotCell
    /// The ZAP handler and the handshake monitor, with ``CoordinatorSettings/security`` only.
    private let authenticator: ZMQAuthenticator?
    private let monitor: ZMQSocketMonitor?

    /// Binds `bind` (e.g. `tcp://*:5555`) and starts serving. With `models`, latency and profile jobs
    /// leased to workers announcing ``ShippedModel/capability`` carry the network as a model.
    public init(
        context: ZMQContext, bind: String, settings: CoordinatorSettings = CoordinatorSettings(),
        logger: Logger = Logger(label: "hsconas.coordinator"), models: (any ModelShipping)? = nil
    ) throws(FleetError) {
        var endpoint = ""
        // The ZAP handler must be listening before the socket binds, or libzmq admits everyone.
        authenticator = try settings.security.map { security throws(FleetError) in
            try Self.startAuthenticator(context: context, security: security, logger: logger)
        }
        let monitorEndpoint = "inproc://hsconas-coordinator-monitor-\(UUID().uuidString)"
        let socket = try Self.bindSocket(
            context: context, bind: bind, security: settings.security,
            monitorEndpoint: settings.security == nil ? nil : monitorEndpoint, endpoint: &endpoint)
        monitor = try settings.security.map { _ throws(FleetError) in
            try Self.startMonitor(context: context, endpoint: monitorEndpoint, logger: logger)
        }
        self.endpoint = endpoint
        let (stream, continuation) = AsyncStream.makeStream(of: FleetEvent.self)
        events = stream
        let snapshot = SnapshotCell()
        state = snapshot
        let tickMs = max(10, min(100, settings.heartbeatMs / 4))
        do {
            thread = try ZMQSocketThread(
                socket: socket,
                handler: CoordinatorCore(
                    settings: settings, events: continuation, snapshot: snapshot, logger: logger, models: models),
                name: "hsconas-coordinator", tickInterval: .milliseconds(tickMs))
        } catch {
            throw FleetError("cannot start the coordinator's socket thread: \(error)")
        }
        // The core hands finished model exports back to its own thread through this.
        let poster: @Sendable (@escaping @Sendable (CoordinatorCore, borrowing ZMQSocket) -> Void) -> Void = { [weak thread] work in
            _ = thread?.postToHandler(work)
        }
        _ = thread.postToHandler { core, _ in core.repost = poster }
    }

    /// Messages queued per peer before libzmq stops reading from its connection.
    public static let receiveHighWaterMark = 1000

    /// A configured ROUTER socket bound to `bind`; `endpoint` receives the address actually bound.
    private static func bindSocket(
        context: ZMQContext, bind: String, security: CoordinatorSecurity?, monitorEndpoint: String?, endpoint: inout String
    ) throws(FleetError) -> ZMQSocket {
        do {
            let socket = try ZMQSocket(context: context, type: .router)
            if let security {
                try socket.setCurveServer(true)
                try socket.setCurveSecretKey(security.secretKey)
                try socket.setZAPDomain(security.domain)
            }
            if let monitorEndpoint {
                try socket.monitor(monitorEndpoint, events: ZMQMonitorEvent.handshakeFailures)
            }
            try socket.setLinger(milliseconds: 100)
            try socket.setMaxMessageSize(Int64(Envelope.maxBytes))
            try socket.setRouterMandatory(true)
            try socket.setSendHighWaterMark(0)
            // Bounded inbound queue per peer: a flooding peer is throttled by TCP back-pressure
            // instead of growing the coordinator's memory. An honest worker never has more than
            // its capacity of results plus a heartbeat outstanding.
            try socket.setReceiveHighWaterMark(Self.receiveHighWaterMark)
            endpoint = try socket.bind(bind)
            return socket
        } catch {
            throw FleetError("cannot bind coordinator to '\(bind)': \(error)")
        }
    }

    /// The ZAP handler: admits allow-listed keys, logs every refusal with the peer and its key.
    private static func startAuthenticator(
        context: ZMQContext, security: CoordinatorSecurity, logger: Logger
    ) throws(FleetError) -> ZMQAuthenticator {
        let allowed = security.allowedKeys
        let refusals = RefusalLog()
        do {
            return try ZMQAuthenticator(context: context) { request in
                guard request.mechanism == "CURVE", let key = request.curvePublicKey else {
                    if let attempts = refusals.admit("\(request.address) \(request.mechanism)") {
                        logger.warning(
                            "refused a connection: not CURVE",
                            metadata: [
                                "address": "\(request.address)", "mechanism": "\(request.mechanism)", "attempts": "\(attempts)",
                            ])
                    }
                    return .deny("CURVE required")
                }
                guard let name = allowed[key] else {
                    if let attempts = refusals.admit("\(request.address) \(key)") {
                        logger.warning(
                            "refused a worker: its CURVE key is not on the allow-list",
                            metadata: ["address": "\(request.address)", "key": "\(key)", "attempts": "\(attempts)"])
                    }
                    return .deny("unknown key")
                }
                logger.info("admitted a worker key", metadata: ["address": "\(request.address)", "key": "\(key)", "file": "\(name)"])
                return .allow(userID: name)
            }
        } catch {
            throw FleetError("cannot start the coordinator's ZAP handler: \(error)")
        }
    }

    /// Logs failed handshakes, e.g. a plain-text worker against this CURVE coordinator (such a
    /// peer never reaches the ZAP handler, so this is the only trace of it).
    private static func startMonitor(context: ZMQContext, endpoint: String, logger: Logger) throws(FleetError) -> ZMQSocketMonitor {
        let refusals = RefusalLog()
        do {
            return try ZMQSocketMonitor(context: context, endpoint: endpoint) { event in
                // Refusals by the ZAP handler are logged there, with the key.
                guard event.isHandshakeFailure, !event.isAuthenticationFailure,
                    let attempts = refusals.admit(event.description)
                else { return }
                logger.warning(
                    "refused a connection",
                    metadata: ["reason": "\(event)", "endpoint": "\(event.endpoint)", "attempts": "\(attempts)"])
            }
        } catch {
            throw FleetError("cannot monitor the coordinator's socket: \(error)")
        }
    }

    /// Queues jobs. Ids must be unique; a known id is ignored.
    public func submit(_ jobs: [JobSpec]) {
        _ = thread.postToHandler { core, socket in core.submit(jobs, on: socket) }
    }

    /// Milliseconds between consecutive messages of each worker as the coordinator saw them, in
    /// arrival order; empty unless ``CoordinatorSettings/recordsLivenessGaps`` is on.
    public func livenessGaps() async -> [Double] {
        await thread.withHandler { core, _ in core.livenessGaps } ?? []
    }

    /// The fleet as of the last event.
    public var snapshot: FleetSnapshot {
        state.get()
    }

    /// Says `bye` to every worker, closes the socket and ends ``events``.
    public func shutdown() async {
        thread.stop()
        await thread.finished()
        monitor?.stop()
        authenticator?.stop()
        await monitor?.finished()
        await authenticator?.finished()
    }
}
