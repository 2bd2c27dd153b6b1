/// A ZAP handler (RFC 27) for one ``ZMQContext``: libzmq asks it, over an inproc REP socket at
/// ``endpoint``, whether each peer connecting to a CURVE (or PLAIN) server socket with a
/// `ZMQ_ZAP_DOMAIN` may complete its handshake, and `policy` answers.
///
/// The REP socket has its own ``ZMQSocketThread``, so the policy runs on that thread, one
/// request at a time; keep it quick and non-blocking. Create the authenticator *before* the
/// server socket binds: without a handler libzmq admits every peer. One per context (the inproc
/// address is fixed by the RFC).
public final class ZMQAuthenticator: Sendable {
    /// The address RFC 27 fixes for the ZAP handler.
    public static let endpoint = "inproc://zeromq.zap.01"
    private let thread: ZMQSocketThread<ZMQZAPHandler>

    /// Binds the ZAP endpoint in `context` and starts answering with `policy`.
    public init(context: ZMQContext, policy: @escaping @Sendable (ZMQZAPRequest) -> ZMQZAPVerdict) throws(ZMQError) {
        let socket = try ZMQSocket(context: context, type: .rep)
        try socket.setLinger(milliseconds: 0)
        do {
            try socket.bind(Self.endpoint)
        } catch {
            throw ZMQError(
                code: error.code, operation: error.operation,
                message: "\(error.message) (a context has at most one ZAP handler)")
        }
        thread = try ZMQSocketThread(
            socket: socket, handler: ZMQZAPHandler(policy: policy), name: "zmq-zap-handler",
            tickInterval: .seconds(1))
    }

    deinit {
        thread.stop()
    }

    /// Stops answering and closes the REP socket; later handshakes fail.
    public func stop() {
        thread.stop()
    }

    /// Suspends until the handler's socket is closed.
    public func finished() async {
        await thread.finished()
    }
}
