/// Copies whole channel planes: concatenation, channel shuffle, or both fused. Plane `i` of the
/// output comes from `sources[i]` (an arena offset for sample 0 and that source's batch stride).
struct PlaneGatherStep: Sendable {
    var output: TensorSlot
    var sources: [(offset: Int, batchStride: Int)]
}
