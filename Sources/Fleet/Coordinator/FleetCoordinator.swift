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

    /// Binds `bind` (e.g. `tcp://*:5555`) and starts serving.
    public init(
        context: ZMQContext, bind: String, settings: CoordinatorSettings = CoordinatorSettings(),
        logger: Logger = Logger(label: "hsconas.coordinator")
    ) throws(FleetError) {
        var endpoint = ""
        let socket = try Self.bindSocket(context: context, bind: bind, endpoint: &endpoint)
        self.endpoint = endpoint
        let (stream, continuation) = AsyncStream.makeStream(of: FleetEvent.self)
        events = stream
        let snapshot = SnapshotCell()
        state = snapshot
        let tickMs = max(10, min(100, settings.heartbeatMs / 4))
        do {
            thread = try ZMQSocketThread(
                socket: socket,
                handler: CoordinatorCore(settings: settings, events: continuation, snapshot: snapshot, logger: logger),
                name: "hsconas-coordinator", tickInterval: .milliseconds(tickMs))
        } catch {
            throw FleetError("cannot start the coordinator's socket thread: \(error)")
        }
    }

    /// A configured ROUTER socket bound to `bind`; `endpoint` receives the address actually bound.
    private static func bindSocket(context: ZMQContext, bind: String, endpoint: inout String) throws(FleetError) -> ZMQSocket {
        do {
            let socket = try ZMQSocket(context: context, type: .router)
            try socket.setLinger(milliseconds: 100)
            try socket.setMaxMessageSize(Int64(Envelope.maxBytes))
            try socket.setRouterMandatory(true)
            try socket.setSendHighWaterMark(0)
            try socket.setReceiveHighWaterMark(0)
            endpoint = try socket.bind(bind)
            return socket
        } catch {
            throw FleetError("cannot bind coordinator to '\(bind)': \(error)")
        }
    }

    /// Queues jobs. Ids must be unique; a known id is ignored.
    public func submit(_ jobs: [JobSpec]) {
        _ = thread.postToHandler { core, socket in core.submit(jobs, on: socket) }
    }

    /// The fleet as of the last event.
    public var snapshot: FleetSnapshot {
        state.get()
    }

    /// Says `bye` to every worker, closes the socket and ends ``events``.
    public func shutdown() async {
        thread.stop()
        await thread.finished()
    }
}
