import Foundation

extension Envelope {
    /// The wire form, written directly (same JSON as the `Encodable` conformance produces,
    /// minus whitespace; keys in a fixed order).
    func wireBytes() -> [UInt8] {
        var writer = JSONBytesWriter()
        writer.beginObject()
        writer.key("v")
        writer.int(Self.version)
        writer.key("type")
        writer.string(message.type)
        writer.key("id")
        writer.string(id)
        writer.key("body")
        switch message {
        case .hello(let body): body.write(to: &writer)
        case .welcome(let body):
            writer.beginObject()
            writer.key("coordinator_id")
            writer.string(body.coordinatorID)
            writer.key("heartbeat_ms")
            writer.int(body.heartbeatMs)
            writer.endObject()
        case .job(let body): body.write(to: &writer)
        case .result(let body): body.write(to: &writer)
        case .failed(let body):
            writer.beginObject()
            writer.key("job_id")
            writer.string(body.jobID)
            writer.key("error")
            writer.string(body.error)
            writer.key("retryable")
            writer.bool(body.retryable)
            writer.endObject()
        case .heartbeat:
            writer.beginObject()
            writer.endObject()
        case .bye(let body):
            writer.beginObject()
            writer.key("reason")
            writer.string(body.reason)
            writer.key("reconnect")
            writer.bool(body.reconnect)
            writer.endObject()
        }
        writer.endObject()
        return writer.bytes
    }
}

extension Hello {
    func write(to writer: inout JSONBytesWriter) {
        writer.beginObject()
        writer.key("worker_id")
        writer.string(workerID)
        writer.key("device")
        writer.string(device)
        writer.key("tags")
        writer.strings(tags)
        writer.key("kinds")
        writer.strings(kinds.map(\.rawValue))
        writer.key("spaces")
        writer.strings(spaces)
        writer.key("runtimes")
        writer.strings(runtimes)
        writer.key("versions")
        writer.stringMap(versions)
        writer.key("capacity")
        writer.int(capacity)
        if !capabilities.isEmpty {
            writer.key("capabilities")
            writer.strings(capabilities)
        }
        if let accuracySpaces {
            writer.key("accuracy_spaces")
            writer.strings(accuracySpaces)
        }
        writer.endObject()
    }
}

extension JobSpec {
    func write(to writer: inout JSONBytesWriter) {
        writer.beginObject()
        writer.key("job_id")
        writer.string(jobID)
        writer.key("kind")
        writer.string(kind.rawValue)
        writer.key("space")
        writer.string(space)
        writer.key("architecture")
        writer.string(architecture)
        if let device {
            writer.key("device")
            writer.string(device)
        }
        writer.key("settings")
        writer.stringMap(settings)
        writer.key("deadline_ms")
        writer.int(deadlineMs)
        if let model {
            writer.key("model")
            model.write(to: &writer)
        }
        writer.endObject()
    }
}

extension JobResult {
    func write(to writer: inout JSONBytesWriter) {
        writer.beginObject()
        writer.key("job_id")
        writer.string(jobID)
        writer.key("metrics")
        writer.doubleMap(metrics)
        writer.key("source")
        writer.string(source)
        writer.key("samples")
        writer.doubles(samples)
        writer.key("environment")
        writer.stringMap(environment)
        writer.endObject()
    }
}

extension ShippedModel {
    func write(to writer: inout JSONBytesWriter) {
        writer.beginObject()
        writer.key("format")
        writer.string(format)
        writer.key("sha256")
        writer.string(sha256)
        writer.key("size")
        writer.int(bytes.count)
        writer.key("data")
        writer.string(Data(bytes).base64EncodedString())
        writer.key("weights")
        writer.beginObject()
        writer.key("seed")
        writer.int(Int(truncatingIfNeeded: seed))
        writer.key("tensors")
        writer.beginArray()
        for tensor in tensors {
            writer.beginObject()
            writer.key("name")
            writer.string(tensor.name)
            writer.key("dims")
            writer.ints(tensor.dims)
            writer.key("low")
            writer.double(tensor.low)
            writer.key("high")
            writer.double(tensor.high)
            writer.endObject()
        }
        writer.endArray()
        writer.endObject()
        writer.endObject()
    }
}
