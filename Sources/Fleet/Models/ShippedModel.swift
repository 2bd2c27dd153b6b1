/// A network the coordinator ships inside a latency or profile job (`job.model`) to a worker that
/// announces ``capability`` in its hello: the ONNX graph without its float weight values, their
/// shapes and ranges, and the content hash the worker checks before using it (Docs/protocol.md).
public struct ShippedModel: Sendable, Hashable {
    /// The hello capability of workers that take shipped models.
    public static let capability = "onnx-model/1"
    /// `format` of a weightless ONNX model whose weights are drawn from `seed`.
    public static let weightlessFormat = "onnx-weightless/1"
    /// Largest graph shipped: its base64 form and the tensor list stay well inside a 1 MiB envelope.
    public static let maximumBytes = 700 * 1024

    /// How to read `bytes`; ``weightlessFormat`` for every model this code ships.
    public var format: String
    /// The serialized ONNX model without float initializers.
    public var bytes: [UInt8]
    /// SHA-256 of `bytes`, lowercase hex.
    public var sha256: String
    /// Seed of the generator that fills the left-out weights.
    public var seed: UInt64
    /// The float initializers left out of `bytes`, which the worker fills from `seed`.
    public var tensors: [SeededTensor]

    /// A weightless model; refuses one larger than ``maximumBytes``, naming its size.
    public init(bytes: [UInt8], seed: UInt64, tensors: [SeededTensor]) throws(FleetError) {
        guard bytes.count <= Self.maximumBytes else {
            throw FleetError("model of \(bytes.count) bytes is over the \(Self.maximumBytes)-byte limit for shipping")
        }
        format = Self.weightlessFormat
        self.bytes = bytes
        sha256 = SHA256.hex(bytes)
        self.seed = seed
        self.tensors = tensors
    }
}
