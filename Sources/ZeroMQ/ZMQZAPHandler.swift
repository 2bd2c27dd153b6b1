/// The loop-confined side of a ``ZMQAuthenticator``: parses each ZAP request on the REP socket,
/// asks the policy, and replies (a REP socket must answer every request before the next).
final class ZMQZAPHandler: ZMQSocketHandler {
    private let policy: @Sendable (ZMQZAPRequest) -> ZMQZAPVerdict

    init(policy: @escaping @Sendable (ZMQZAPRequest) -> ZMQZAPVerdict) {
        self.policy = policy
    }

    func received(_ frames: [[UInt8]], on socket: borrowing ZMQSocket) {
        // RFC 27: version, request id, domain, address, identity, mechanism, credentials...
        let version = frames.first ?? []
        let requestID = frames.count > 1 ? frames[1] : []
        let reply: (code: String, text: String, user: String)
        if frames.count < 6 || version != Array("1.0".utf8) {
            // Not a request we understand; libzmq refuses the handshake on a 500.
            reply = ("500", "malformed ZAP request (\(frames.count) frames)", "")
        } else {
            let request = ZMQZAPRequest(
                domain: String(decoding: frames[2], as: UTF8.self),
                address: String(decoding: frames[3], as: UTF8.self),
                identity: frames[4],
                mechanism: String(decoding: frames[5], as: UTF8.self),
                credentials: Array(frames.dropFirst(6)))
            let verdict = policy(request)
            reply = verdict.allowed ? ("200", verdict.text, verdict.userID) : ("400", verdict.text, "")
        }
        let frames: [[UInt8]] = [
            Array("1.0".utf8), requestID, Array(reply.code.utf8), Array(reply.text.utf8), Array(reply.user.utf8), [],
        ]
        do {
            // inproc to libzmq's own session: never blocks for long, but never block the loop anyway.
            _ = try socket.send(frames, dontWait: true)
        } catch {
            failed(error, on: socket)
        }
    }
}
