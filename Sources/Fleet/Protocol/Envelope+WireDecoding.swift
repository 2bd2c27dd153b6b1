extension Envelope {
    /// Parses and validates one frame (see ``JSONBytesReader`` and ``FieldReader``).
    static func fromWire(_ bytes: [UInt8]) throws(ProtocolError) -> Envelope {
        let root: JSONValue
        do {
            root = try JSONBytesReader.parse(bytes)
        } catch {
            throw ProtocolError("not JSON: \(error.message)")
        }
        let top = try FieldReader(root, path: "")
        let version = try top.int("v")
        guard version == Self.version else {
            throw ProtocolError("unsupported protocol version \(version) (this side speaks \(Self.version))")
        }
        let id = try top.string("id")
        let type = try top.string("type")
        let message: Message
        switch type {
        case "hello":
            let body = try top.object("body")
            var kinds: [JobKind] = []
            for (index, name) in try body.strings("kinds").enumerated() {
                guard let kind = JobKind(rawValue: name) else {
                    throw ProtocolError("field 'body.kinds[\(index)]': unknown job kind '\(name)'")
                }
                kinds.append(kind)
            }
            message = .hello(
                Hello(
                    workerID: try body.string("worker_id"), device: try body.string("device"),
                    tags: try body.strings("tags"), kinds: kinds, spaces: try body.strings("spaces"),
                    runtimes: try body.strings("runtimes"), versions: try body.stringMap("versions"),
                    capacity: try body.int("capacity"), capabilities: try body.optionalStrings("capabilities") ?? [],
                    accuracySpaces: try body.optionalStrings("accuracy_spaces")))
        case "welcome":
            let body = try top.object("body")
            message = .welcome(
                Welcome(coordinatorID: try body.string("coordinator_id"), heartbeatMs: try body.int("heartbeat_ms")))
        case "job":
            let body = try top.object("body")
            message = .job(
                JobSpec(
                    jobID: try body.string("job_id"), kind: try body.kind("kind"), space: try body.string("space"),
                    architecture: try body.string("architecture"), device: try body.optionalString("device"),
                    settings: try body.stringMap("settings"), deadlineMs: try body.int("deadline_ms")))
        case "result":
            let body = try top.object("body")
            message = .result(
                JobResult(
                    jobID: try body.string("job_id"), metrics: try body.doubleMap("metrics"),
                    source: try body.string("source"), samples: try body.doubles("samples"),
                    environment: try body.stringMap("environment")))
        case "failed":
            let body = try top.object("body")
            message = .failed(
                JobFailure(jobID: try body.string("job_id"), error: try body.string("error"), retryable: try body.bool("retryable")))
        case "heartbeat":
            _ = try top.object("body")
            message = .heartbeat
        case "bye":
            let body = try top.object("body")
            message = .bye(Bye(reason: try body.string("reason"), reconnect: try body.bool("reconnect")))
        default:
            throw ProtocolError(
                "unknown message type '\(type)' (expected hello, welcome, job, result, failed, heartbeat or bye)")
        }
        return Envelope(id: id, message: message)
    }
}
