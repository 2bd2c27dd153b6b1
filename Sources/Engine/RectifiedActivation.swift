/// The output of one rectifying step (a ReLU, alone or fused after a convolution or batch norm)
/// right after it ran, handed to ``CompiledNetwork/run(observingActivations:)``.
///
/// Only valid inside the observer: the arena buffer it points into is reused by later steps.
public struct RectifiedActivation {
    /// The graph node whose value this is (the ReLU node, fused or standalone).
    public let node: Int
    /// Values per sample (channels × height × width).
    public let units: Int
    /// Samples in the batch.
    public let batch: Int
    private let base: UnsafePointer<Float>
    private let batchStride: Int

    init(node: Int, units: Int, batch: Int, base: UnsafePointer<Float>, batchStride: Int) {
        self.node = node
        self.units = units
        self.batch = batch
        self.base = base
        self.batchStride = batchStride
    }

    /// Sample `index`'s values, NCHW; valid only while the observer runs.
    public func sample(_ index: Int) -> UnsafeBufferPointer<Float> {
        precondition(index >= 0 && index < batch, "sample \(index) outside a batch of \(batch)")
        return UnsafeBufferPointer(start: base + index * batchStride, count: units)
    }
}
