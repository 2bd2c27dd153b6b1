/// The single JSON object every frame carries: `{"v":1,"type":…,"id":…,"body":{…}}`.
///
/// `id` is the job id for `job`, `result` and `failed` messages and a per-sender sequence
/// number otherwise. Documented for other-language workers in `Docs/protocol.md`.
public struct Envelope: Sendable, Hashable {
    /// The protocol version this code speaks.
    public static let version = 1
    /// Frames larger than this are refused by both sides (also set as ZMQ_MAXMSGSIZE).
    public static let maxBytes = 1 << 20

    /// The job id for `job`, `result` and `failed` messages; a per-sender sequence number otherwise.
    public var id: String
    /// The typed content, which gives the frame's `type` and `body`.
    public var message: Message

    /// Wraps `message` under `id`.
    public init(id: String, message: Message) {
        self.id = id
        self.message = message
    }

    /// Encodes to one wire frame (written directly by ``JSONBytesWriter``: the fleet moves tens
    /// of thousands of envelopes a second, and Foundation's Codable JSON spends most of its time
    /// on generic machinery for these few flat shapes).
    public func encoded() -> [UInt8] {
        wireBytes()
    }

    /// Decodes and validates one frame (``JSONBytesReader``), naming what is wrong.
    public static func decode(_ bytes: [UInt8]) throws(ProtocolError) -> Envelope {
        guard bytes.count <= maxBytes else {
            throw ProtocolError("frame of \(bytes.count) bytes exceeds the \(maxBytes)-byte limit")
        }
        do {
            return try fromWire(bytes)
        } catch {
            throw ProtocolError("bad envelope: \(error.message)")
        }
    }
}
