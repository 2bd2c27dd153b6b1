import Fleet
import ONNXExport
import SearchSpace
import Synchronization

/// Ships each latency or profile job's network to thin workers (`hsconas-worker`) as a weightless
/// ONNX model: the graph the exporter writes, minus its float weights, which the worker draws
/// from `weightSeed` within each tensor's range (Docs/protocol.md, "Model shipping").
public final class ONNXModelShipper: ModelShipping {
    /// Seed the worker draws each weight tensor from, sent with every model.
    public let weightSeed: UInt64
    private let operators = OperatorCatalogCache()
    /// Recently shipped models: a re-leased or retried job is not exported again.
    private let recent = Mutex<[String: ShippedModel]>([:])
    private static let remembered = 64

    /// A shipper whose models carry `weightSeed`.
    public init(weightSeed: UInt64 = 1) {
        self.weightSeed = weightSeed
    }

    /// Answers the job's network (a profile job: its one operator) as a weightless ONNX model; a
    /// recent one is reused, not exported again.
    public func model(for job: JobSpec) throws -> ShippedModel {
        let key = "\(job.kind.rawValue) \(job.space) \(job.architecture)"
        if let known = recent.withLock({ $0[key] }) { return known }
        let graph = try operators.graph(space: job.space, architecture: job.architecture, isOperator: job.kind == .profile)
        // Batch 1, as the Swift workers' default; the thin worker reports batch 1.
        let exported = try ONNXWeightlessModel(graph: graph, weights: NetworkWeights(graph: graph, seed: weightSeed), batch: 1)
        let shipped = try ShippedModel(
            bytes: [UInt8](exported.bytes), seed: weightSeed,
            tensors: exported.weights.map { SeededTensor(name: $0.name, dims: $0.dims, low: Double($0.low), high: Double($0.high)) })
        recent.withLock { models in
            if models.count >= Self.remembered { models.removeAll() }
            models[key] = shipped
        }
        return shipped
    }
}
