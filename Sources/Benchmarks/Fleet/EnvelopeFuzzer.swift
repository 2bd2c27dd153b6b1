import Fleet
import SearchSpace

/// Generates hostile messages for a coordinator, reproducibly from a seed: random bytes, broken
/// and mutated JSON, wrong types, unknown versions, deep nesting, huge frames, wrong frame
/// counts, and well-formed messages a stranger has no business sending (results for jobs it
/// does not hold, coordinator-only types, heartbeats before `hello`).
///
/// None of them registers a worker that could take a search's jobs: an impostor `hello` offers
/// only `profile` jobs on a device no search targets.
public struct EnvelopeFuzzer: Sendable {
    /// What a generated message tries.
    public enum Kind: String, Sendable, CaseIterable {
        case randomBytes, brokenJSON, mutated, wrongTypes, unknownVersion, deepNesting, oddStrings,
            hugeFrame, wrongFrameCount, impostor
    }

    private var random: SeededGenerator
    /// One in this many messages is a frame over ``Envelope/maxBytes`` (the socket disconnects the sender).
    public var hugeFrameEvery: Int
    private let valid: [[UInt8]]

    /// Creates a generator whose messages follow from `seed`; a `hugeFrameEvery` below 1 becomes 1.
    public init(seed: UInt64, hugeFrameEvery: Int = 5_000) {
        random = SeededGenerator(seed: seed)
        self.hugeFrameEvery = max(1, hugeFrameEvery)
        valid = Self.impostorMessages.map { $0.encoded() }
    }

    /// The next message's frames (as a DEALER sends them) and what it tries.
    public mutating func next() -> (frames: [[UInt8]], kind: Kind) {
        if Int.random(in: 0..<hugeFrameEvery, using: &random) == 0 {
            return ([[UInt8](repeating: UInt8(ascii: "x"), count: Envelope.maxBytes + Int.random(in: 1...4096, using: &random))], .hugeFrame)
        }
        let kinds: [Kind] = [.randomBytes, .brokenJSON, .mutated, .mutated, .wrongTypes, .unknownVersion, .deepNesting,
            .oddStrings, .wrongFrameCount, .impostor, .impostor]
        let kind = kinds[Int.random(in: 0..<kinds.count, using: &random)]
        switch kind {
        case .randomBytes:
            return ([bytes(count: Int.random(in: 0...300, using: &random))], kind)
        case .brokenJSON:
            let base = pick(valid)
            return ([Array(base.prefix(Int.random(in: 0..<max(1, base.count), using: &random)))], kind)
        case .mutated:
            return ([mutate(pick(valid))], kind)
        case .wrongTypes:
            return ([Array(pick(Self.wrongTypes).utf8)], kind)
        case .unknownVersion:
            let version = pick(["0", "2", "-1", "1.5", "\"1\"", "null", "1e9", "99999999999999999999"])
            return ([Array(#"{"v":\#(version),"type":"heartbeat","id":"1","body":{}}"#.utf8)], kind)
        case .deepNesting:
            let depth = Int.random(in: 50...20_000, using: &random)
            let open = pick(["[", "{\"a\":"])
            let text = #"{"v":1,"type":"hello","id":"1","body":"# + String(repeating: open, count: depth)
            return ([Array(text.utf8)], kind)
        case .oddStrings:
            return ([Array(pick(Self.oddStrings).utf8)], kind)
        case .hugeFrame:
            // Large but legal: decoding must stay bounded too.
            let filler = String(repeating: "a", count: Int.random(in: 100_000...(Envelope.maxBytes - 200), using: &random))
            return ([Array(#"{"v":1,"type":"heartbeat","id":"\#(filler)","body":{}}"#.utf8)], kind)
        case .wrongFrameCount:
            let count = Int.random(in: 2...5, using: &random)
            return ((0..<count).map { _ in pick(valid) }, kind)
        case .impostor:
            return ([pick(valid)], kind)
        }
    }

    private mutating func pick<T>(_ choices: [T]) -> T {
        choices[Int.random(in: 0..<choices.count, using: &random)]
    }

    private mutating func bytes(count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    /// Flips, inserts, deletes or duplicates a few bytes.
    private mutating func mutate(_ base: [UInt8]) -> [UInt8] {
        var bytes = base
        for _ in 0..<Int.random(in: 1...4, using: &random) {
            let position = Int.random(in: 0...bytes.count, using: &random)
            switch Int.random(in: 0..<4, using: &random) {
            case 0 where position < bytes.count:
                bytes[position] ^= UInt8(1) << UInt8.random(in: 0...7, using: &random)
            case 1:
                bytes.insert(pick(Array(#"{}[]",:\0123456789"#.utf8)), at: position)
            case 2 where position < bytes.count:
                bytes.remove(at: position)
            default:
                let end = min(bytes.count, position + Int.random(in: 1...16, using: &random))
                bytes.insert(contentsOf: bytes[position..<end], at: position)
            }
        }
        return bytes
    }

    /// Well-formed messages with no business arriving from a stranger.
    static var impostorMessages: [Envelope] {
        let cell = "|nor_conv_3x3~0|+|nor_conv_3x3~0|skip_connect~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|"
        return [
            Envelope(id: "1", message: .heartbeat),
            Envelope(id: "x-1", message: .result(JobResult(jobID: "x-1", metrics: ["valid_accuracy": 99.9], source: "table"))),
            Envelope(id: "0-1", message: .result(JobResult(jobID: "0-1", metrics: ["latency_ms": 0.001], source: "measured"))),
            Envelope(id: "x-2", message: .failed(JobFailure(jobID: "x-2", error: "forged", retryable: false))),
            Envelope(id: "2", message: .bye(Bye(reason: "fuzz"))),
            Envelope(id: "3", message: .welcome(Welcome(coordinatorID: "impostor", heartbeatMs: 1))),
            Envelope(id: "j", message: .job(JobSpec(jobID: "j", kind: .accuracy, space: "nb201", architecture: cell))),
            Envelope(
                id: "4",
                message: .hello(
                    Hello(
                        workerID: "impostor", device: "fuzz-device", kinds: [.profile], spaces: ["nb201"],
                        runtimes: ["none"], capacity: 1))),
        ]
    }

    static let wrongTypes = [
        #"{"v":1,"type":"hello","id":"1","body":[]}"#,
        #"{"v":1,"type":"hello","id":1,"body":{}}"#,
        #"{"v":"1","type":"heartbeat","id":"1","body":{}}"#,
        #"{"v":1,"type":7,"id":"1","body":{}}"#,
        #"{"v":1,"type":"result","id":"1","body":{"job_id":5,"metrics":"fast","source":null}}"#,
        #"{"v":1,"type":"result","id":"1","body":{"job_id":"a","metrics":{"x":"NaN"},"source":"table"}}"#,
        #"{"v":1,"type":"failed","id":"1","body":{"job_id":"a","error":["x"],"retryable":"yes"}}"#,
        #"{"v":1,"type":"hello","id":"1","body":{"worker_id":"w","device":"d","kinds":["accuracy"],"capacity":-5}}"#,
        #"{"v":1,"type":"hello","id":"1","body":{"worker_id":"","device":"","kinds":[],"capacity":1e300}}"#,
        #"[1,2,3]"#, #""just a string""#, "null", "true", "1e400", "{}",
        #"{"v":1,"v":2,"type":"heartbeat","id":"1","body":{}}"#,
    ]

    static let oddStrings = [
        #"{"v":1,"type":"heartbeat","id":"\ud800","body":{}}"#,
        #"{"v":1,"type":"heartbeat","id":"\u0000","body":{}}"#,
        #"{"v":1,"type":"he\u0000artbeat","id":"1","body":{}}"#,
        #"{"v":1,"type":"heartbeat","id":"\x","body":{}}"#,
        "{\"v\":1,\"type\":\"heartbeat\",\"id\":\"\u{FFFF}\u{1F600}\",\"body\":{}}",
        "{\"v\":1,\"type\":\"heartbeat\",\"id\":\"\(String(decoding: [0xC3, 0x28, 0xFF], as: UTF8.self))\",\"body\":{}}",
        #"{"v":1,"type":"result","id":"1","body":{"job_id":"a","metrics":{"latency_ms":-1e308},"source":"table"}}"#,
        #"{"v":-0,"type":"heartbeat","id":"1","body":{}}"#,
        "{\"v\":1,\"type\":\"heartbeat\",\"id\":\"1\",\"body\":{}}\u{0}trailing",
    ]
}
