import Foundation

/// The single JSON object every frame carries: `{"v":1,"type":…,"id":…,"body":{…}}`.
///
/// `id` is the job id for `job`, `result` and `failed` messages and a per-sender sequence
/// number otherwise. Documented for other-language workers in `Docs/protocol.md`.
public struct Envelope: Sendable, Hashable, Codable {
    /// The protocol version this code speaks.
    public static let version = 1
    /// Frames larger than this are refused by both sides (also set as ZMQ_MAXMSGSIZE).
    public static let maxBytes = 1 << 20

    public var id: String
    public var message: Message

    public init(id: String, message: Message) {
        self.id = id
        self.message = message
    }

    enum CodingKeys: String, CodingKey { case v, type, id, body }

    /// An empty JSON object, the body of `heartbeat`.
    private struct EmptyBody: Codable {}

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decode(Int.self, forKey: .v)
        guard version == Self.version else {
            throw DecodingError.dataCorruptedError(
                forKey: .v, in: container,
                debugDescription: "unsupported protocol version \(version) (this side speaks \(Self.version))")
        }
        id = try container.decode(String.self, forKey: .id)
        let type = try container.decode(String.self, forKey: .type)
        switch type {
        case "hello": message = .hello(try container.decode(Hello.self, forKey: .body))
        case "welcome": message = .welcome(try container.decode(Welcome.self, forKey: .body))
        case "job": message = .job(try container.decode(JobSpec.self, forKey: .body))
        case "result": message = .result(try container.decode(JobResult.self, forKey: .body))
        case "failed": message = .failed(try container.decode(JobFailure.self, forKey: .body))
        case "bye": message = .bye(try container.decode(Bye.self, forKey: .body))
        case "heartbeat":
            _ = try container.decode(EmptyBody.self, forKey: .body)
            message = .heartbeat
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .type, in: container,
                debugDescription:
                    "unknown message type '\(type)' (expected hello, welcome, job, result, failed, heartbeat or bye)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Self.version, forKey: .v)
        try container.encode(message.type, forKey: .type)
        try container.encode(id, forKey: .id)
        switch message {
        case .hello(let body): try container.encode(body, forKey: .body)
        case .welcome(let body): try container.encode(body, forKey: .body)
        case .job(let body): try container.encode(body, forKey: .body)
        case .result(let body): try container.encode(body, forKey: .body)
        case .failed(let body): try container.encode(body, forKey: .body)
        case .bye(let body): try container.encode(body, forKey: .body)
        case .heartbeat: try container.encode(EmptyBody(), forKey: .body)
        }
    }

    /// Encodes to one wire frame.
    public func encoded() -> [UInt8] {
        do {
            return Array(try JSONEncoder().encode(self))
        } catch {
            // Bodies hold only strings, finite numbers and booleans; encoding them cannot fail.
            preconditionFailure("envelope encoding failed: \(error)")
        }
    }

    /// Decodes and validates one frame, naming what is wrong.
    public static func decode(_ bytes: [UInt8]) throws(ProtocolError) -> Envelope {
        guard bytes.count <= maxBytes else {
            throw ProtocolError("frame of \(bytes.count) bytes exceeds the \(maxBytes)-byte limit")
        }
        do {
            return try JSONDecoder().decode(Envelope.self, from: Data(bytes))
        } catch let error as DecodingError {
            throw ProtocolError("bad envelope: \(ProtocolError.describe(error))")
        } catch {
            throw ProtocolError("bad envelope: \(error)")
        }
    }
}
