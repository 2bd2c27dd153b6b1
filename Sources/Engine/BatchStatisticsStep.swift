/// A batch norm with the batch's own statistics (``BatchNormMode/batchStatistics``): per channel,
/// `(x − mean) / √(var + ε)` over every sample and pixel, optional ReLU. May run in place.
struct BatchStatisticsStep: Sendable {
    var input: TensorSlot
    var output: TensorSlot
    var epsilon: Float
    var relu: Bool
}
