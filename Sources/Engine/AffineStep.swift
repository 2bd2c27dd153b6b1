/// A standalone batch norm as a per-channel scale and shift, optional ReLU.
struct AffineStep: Sendable {
    var input: TensorSlot
    var output: TensorSlot
    var scale: Int
    var shift: Int
    var relu: Bool
}
