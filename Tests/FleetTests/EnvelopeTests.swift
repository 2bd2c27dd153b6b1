import Fleet
import Foundation
import Testing

@Suite("protocol envelopes")
struct EnvelopeTests {
    static let samples: [Envelope] = [
        Envelope(
            id: "1",
            message: .hello(
                Hello(
                    workerID: "w", device: "raspi4", tags: ["edge"], kinds: [.latency, .accuracy], spaces: ["nb201"],
                    runtimes: ["replay"], versions: ["hsconas": "0.1.0"], capacity: 2))),
        Envelope(
            id: "1",
            message: .hello(
                Hello(
                    workerID: "b", device: "rpi", kinds: [.latency, .accuracy], spaces: ["nb201", "spos"],
                    runtimes: ["native", "table"], capacity: 1, accuracySpaces: ["nb201"]))),
        Envelope(id: "2", message: .welcome(Welcome(coordinatorID: "c", heartbeatMs: 250))),
        Envelope(
            id: "j-1",
            message: .job(
                JobSpec(
                    jobID: "j-1", kind: .latency, space: "nb201", architecture: "|none~0|+|none~0|none~1|+|none~0|none~1|none~2|",
                    device: "raspi4", settings: ["a": "b"], deadlineMs: 500))),
        Envelope(
            id: "j-1",
            message: .result(
                JobResult(jobID: "j-1", metrics: ["latency_ms": 1.25], source: "replay", samples: [1, 2], environment: ["x": "y"]))),
        Envelope(id: "j-2", message: .failed(JobFailure(jobID: "j-2", error: "bad", retryable: true))),
        Envelope(id: "3", message: .heartbeat),
        Envelope(id: "4", message: .bye(Bye(reason: "done", reconnect: true))),
    ]

    @Test("every message type round-trips through its wire form", arguments: samples)
    func roundTrip(envelope: Envelope) throws {
        #expect(try Envelope.decode(envelope.encoded()) == envelope)
    }

    @Test("the wire form is the documented JSON shape")
    func wireShape() throws {
        let bytes = Envelope(id: "j-1", message: .failed(JobFailure(jobID: "j-1", error: "x", retryable: false))).encoded()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["v"] as? Int == 1)
        #expect(object["type"] as? String == "failed")
        #expect(object["id"] as? String == "j-1")
        let body = try #require(object["body"] as? [String: Any])
        #expect(body["job_id"] as? String == "j-1" && body["retryable"] as? Bool == false)
    }

    @Test(
        "malformed envelopes are refused with the field named",
        arguments: [
            ("not json", "bad envelope"),
            (#"{"v":1,"type":"job","id":"x"}"#, "missing field 'body'"),
            (#"{"v":2,"type":"heartbeat","id":"x","body":{}}"#, "unsupported protocol version 2"),
            (#"{"v":1,"type":"teleport","id":"x","body":{}}"#, "unknown message type 'teleport'"),
            (#"{"v":1,"type":"job","id":"x","body":{"kind":"latency"}}"#, "missing field 'body.job_id'"),
            (#"{"v":1,"type":"result","id":"x","body":{"job_id":7}}"#, "field 'body.job_id' should be String"),
            (#"{"v":1,"type":"job","id":"x","body":{"job_id":"a","kind":"dance","space":"nb201","architecture":"","settings":{},"deadline_ms":0}}"#, "body.kind"),
            (#"{"v":"1","type":"heartbeat","id":"x","body":{}}"#, "field 'v' should be Int"),
            (#"[1,2,3]"#, "bad envelope"),
        ])
    func malformed(text: String, expected: String) {
        #expect {
            try Envelope.decode(Array(text.utf8))
        } throws: { error in
            guard let error = error as? ProtocolError else { return false }
            return error.message.contains(expected)
        }
    }

    @Test("an oversized frame is refused before parsing")
    func oversized() {
        let huge = [UInt8](repeating: 0x20, count: Envelope.maxBytes + 1)
        #expect { try Envelope.decode(huge) } throws: { error in
            (error as? ProtocolError)?.message.contains("exceeds") ?? false
        }
    }
}

@Suite("wire JSON")
struct WireJSONTests {
    @Test("strings with quotes, escapes, control characters and non-ASCII survive the wire")
    func awkwardStrings() throws {
        let awkward = "quote \" backslash \\ slash / newline \n tab \t bell \u{7} é 漢字 😀"
        let envelope = Envelope(id: awkward, message: .failed(JobFailure(jobID: awkward, error: awkward, retryable: true)))
        let bytes = envelope.encoded()
        #expect(try Envelope.decode(bytes) == envelope)
        // And it is JSON any other parser accepts.
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        #expect(object["id"] as? String == awkward)
    }

    @Test("escapes written by other encoders are read, surrogate pairs included")
    func foreignEscapes() throws {
        let text = #"{"v":1,"type":"bye","id":"\u00e9\ud83d\ude00\/\b\f","body":{"reason":"a\"b","reconnect":false}}"#
        let envelope = try Envelope.decode(Array(text.utf8))
        #expect(envelope.id == "é😀/\u{8}\u{c}")
        #expect(envelope.message == .bye(Bye(reason: "a\"b")))
    }

    @Test("numbers keep their value through the wire")
    func numbers() throws {
        let metrics = ["a": 0.1, "b": 1e-300, "c": -12345.678, "d": 0, "e": 1.7976931348623157e308]
        let envelope = Envelope(id: "n", message: .result(JobResult(jobID: "n", metrics: metrics, source: "replay", samples: [1.5, 2])))
        #expect(try Envelope.decode(envelope.encoded()) == envelope)
    }

    @Test(
        "hostile or broken JSON is refused, never crashes",
        arguments: [
            String(repeating: "[", count: 10_000), #"{"v":1,"id":"x","type":"heartbeat","body":{}} trailing"#,
            #"{"v":1,"id":"\ud800","type":"heartbeat","body":{}}"#, #"{"v":01,"id":"x","type":"heartbeat","body":{}}"#,
            #"{"v":1e999,"id":"x","type":"heartbeat","body":{}}"#, #"{"v":1,"id":"x""#, "", "\u{0}",
            #"{"v":1.5,"id":"x","type":"heartbeat","body":{}}"#, "{\"v\":1,\"id\":\"a\u{1}b\",\"type\":\"heartbeat\",\"body\":{}}",
        ])
    func hostile(text: String) {
        #expect(throws: ProtocolError.self) { try Envelope.decode(Array(text.utf8)) }
    }
}
