/// An average or max pooling window over each channel plane.
struct PoolingStep: Sendable {
    var input: TensorSlot
    var output: TensorSlot
    var kernel: Int
    var stride: Int
    var padding: Int
    var countIncludePad: Bool
}
