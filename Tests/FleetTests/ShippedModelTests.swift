import Fleet
import Foundation
import TestSupport
import Testing
import ZeroMQ

/// Model shipping (protocol v1 with the `onnx-model/1` capability): the content hash, the wire
/// form of `job.model`, and a coordinator that ships models only to workers that ask for them.
@Suite("shipped models")
struct ShippedModelTests {
    /// Ships a fixed byte string for every job, counting calls.
    struct FixedShipper: ModelShipping {
        let bytes: [UInt8]
        func model(for job: JobSpec) throws -> ShippedModel {
            guard job.architecture != "unshippable" else { throw FleetError("no graph for 'unshippable'") }
            return try ShippedModel(
                bytes: bytes, seed: 7, tensors: [SeededTensor(name: "conv.weight", dims: [4, 3, 3, 3], low: -0.5, high: 0.5)])
        }
    }

    static let thinHello = Envelope(
        id: "1",
        message: .hello(
            Hello(
                workerID: "thin", device: "board", kinds: [.latency], spaces: ["spos"], runtimes: ["onnxruntime"], capacity: 1,
                capabilities: [ShippedModel.capability])))

    @Test("SHA-256 matches the FIPS 180-4 test vectors")
    func sha256Vectors() {
        #expect(SHA256.hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(SHA256.hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        #expect(
            SHA256.hex([UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000))
                == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    @Test("a model over the shipping limit is refused with its size")
    func oversized() {
        #expect(throws: FleetError.self) { try ShippedModel(bytes: [UInt8](repeating: 0, count: ShippedModel.maximumBytes + 1), seed: 1, tensors: []) }
    }

    @Test("hello capabilities round-trip and are absent from an old worker's hello")
    func capabilities() throws {
        let thin = Hello(
            workerID: "t", device: "d", kinds: [.latency], spaces: ["spos"], runtimes: ["onnxruntime"], capacity: 1,
            capabilities: [ShippedModel.capability])
        #expect(try Envelope.decode(Envelope(id: "1", message: .hello(thin)).encoded()) == Envelope(id: "1", message: .hello(thin)))
        let old = Hello(workerID: "o", device: "d", kinds: [.latency], spaces: ["nb201"], runtimes: ["replay"], capacity: 1)
        #expect(!String(decoding: Envelope(id: "1", message: .hello(old)).encoded(), as: UTF8.self).contains("capabilities"))
    }

    @Test("only a worker announcing onnx-model/1 gets job.model: base64 bytes, their hash, size and the seeded tensors")
    func shipsToCapableWorkersOnly() async throws {
        let context = try ZMQContext()
        let bytes = Array("not really onnx, but bytes".utf8)
        let coordinator = try FleetCoordinator(
            context: context, bind: "tcp://127.0.0.1:*", settings: CoordinatorSettings(coordinatorID: "test", heartbeatMs: 15_000),
            models: FixedShipper(bytes: bytes))
        let thin = try RawPeer(context: context, endpoint: coordinator.endpoint)
        let old = try RawPeer(context: context, endpoint: coordinator.endpoint)
        try thin.send(
            Self.thinHello)
        try old.send(
            Envelope(
                id: "1",
                message: .hello(
                    Hello(workerID: "old", device: "pc", kinds: [.latency], spaces: ["spos"], runtimes: ["native"], capacity: 1))))
        coordinator.submit([
            JobSpec(jobID: "a", kind: .latency, space: "spos", architecture: "x", device: "board"),
            JobSpec(jobID: "b", kind: .latency, space: "spos", architecture: "x", device: "pc"),
        ])
        let shipped = try #require(try await thin.receiveJobBody())
        let model = try #require(shipped["model"] as? [String: Any])
        #expect(model["format"] as? String == ShippedModel.weightlessFormat)
        #expect(model["size"] as? Int == bytes.count)
        #expect(model["sha256"] as? String == SHA256.hex(bytes))
        #expect((model["data"] as? String).flatMap { Data(base64Encoded: $0) } == Data(bytes))
        let weights = try #require(model["weights"] as? [String: Any])
        #expect(weights["seed"] as? Int == 7)
        let tensors = try #require(weights["tensors"] as? [[String: Any]])
        #expect(tensors.count == 1 && tensors[0]["name"] as? String == "conv.weight" && tensors[0]["dims"] as? [Int] == [4, 3, 3, 3])
        #expect(tensors[0]["low"] as? Double == -0.5 && tensors[0]["high"] as? Double == 0.5)
        let plain = try #require(try await old.receiveJobBody())
        #expect(plain["job_id"] as? String == "b" && plain["model"] == nil)
        await coordinator.shutdown()
    }

    @Test("a job whose model cannot be built fails for good with the reason")
    func unshippable() async throws {
        let context = try ZMQContext()
        let coordinator = try FleetCoordinator(
            context: context, bind: "tcp://127.0.0.1:*", settings: CoordinatorSettings(coordinatorID: "test", heartbeatMs: 15_000),
            models: FixedShipper(bytes: [1]))
        let events = EventCollector(coordinator.events)
        let thin = try RawPeer(context: context, endpoint: coordinator.endpoint)
        try thin.send(
            Self.thinHello)
        _ = try await events.wait { if case .workerJoined = $0 { true } else { false } }
        coordinator.submit([JobSpec(jobID: "u", kind: .latency, space: "spos", architecture: "unshippable", device: "board")])
        let failures = try await events.wait { if case .failed = $0 { true } else { false } }
        guard let first = failures.first, case .failed(let spec, let error, _) = first else {
            throw TestFailure("expected a failed event")
        }
        #expect(spec.jobID == "u" && error.contains("cannot ship a model") && error.contains("no graph for 'unshippable'"))
        await coordinator.shutdown()
    }
}
