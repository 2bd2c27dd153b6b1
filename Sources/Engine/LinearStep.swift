/// `output[n] = matrix · input[n] + bias`, matrix `[out][in]`.
struct LinearStep: Sendable {
    var input: TensorSlot
    var output: TensorSlot
    var matrix: Int
    var bias: Int
}
