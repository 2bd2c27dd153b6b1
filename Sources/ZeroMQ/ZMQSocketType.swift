import CZeroMQ

/// The libzmq socket patterns this wrapper supports.
public enum ZMQSocketType: Sendable, CaseIterable, CustomStringConvertible {
    /// `ZMQ_ROUTER`: prefixes every incoming message with the sender's routing id.
    case router
    /// `ZMQ_DEALER`: round-robins outgoing messages, fair-queues incoming ones.
    case dealer
    /// `ZMQ_REQ`: strict send/receive alternation.
    case req
    /// `ZMQ_REP`: strict receive/send alternation.
    case rep
    /// `ZMQ_PAIR`: exclusive one-to-one connection.
    case pair
    /// `ZMQ_PUSH`: pipeline sender.
    case push
    /// `ZMQ_PULL`: pipeline receiver.
    case pull
    /// `ZMQ_PUB`: publisher.
    case pub
    /// `ZMQ_SUB`: subscriber (receives nothing until ``ZMQSocket/subscribe(_:)``).
    case sub

    /// The libzmq constant passed to `zmq_socket`.
    var zmqValue: Int32 {
        switch self {
        case .router: ZMQ_ROUTER
        case .dealer: ZMQ_DEALER
        case .req: ZMQ_REQ
        case .rep: ZMQ_REP
        case .pair: ZMQ_PAIR
        case .push: ZMQ_PUSH
        case .pull: ZMQ_PULL
        case .pub: ZMQ_PUB
        case .sub: ZMQ_SUB
        }
    }

    /// The libzmq name, e.g. `ROUTER`.
    public var description: String {
        switch self {
        case .router: "ROUTER"
        case .dealer: "DEALER"
        case .req: "REQ"
        case .rep: "REP"
        case .pair: "PAIR"
        case .push: "PUSH"
        case .pull: "PULL"
        case .pub: "PUB"
        case .sub: "SUB"
        }
    }
}
