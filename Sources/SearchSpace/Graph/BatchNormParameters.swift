/// Inference-time batch normalization: `scale · (x − mean) / √(variance + epsilon) + shift` per channel.
public struct BatchNormParameters: Sendable, Hashable {
    public var scale: [Float]
    public var shift: [Float]
    public var mean: [Float]
    public var variance: [Float]
    public var epsilon: Float

    public init(scale: [Float], shift: [Float], mean: [Float], variance: [Float], epsilon: Float) {
        self.scale = scale
        self.shift = shift
        self.mean = mean
        self.variance = variance
        self.epsilon = epsilon
    }
}
