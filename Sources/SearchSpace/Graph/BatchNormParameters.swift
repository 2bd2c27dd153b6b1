/// Inference-time batch normalization: `scale · (x − mean) / √(variance + epsilon) + shift` per channel.
public struct BatchNormParameters: Sendable, Hashable {
    /// Learned scale (γ), one per channel.
    public var scale: [Float]
    /// Learned shift (β), one per channel.
    public var shift: [Float]
    /// Running mean, one per channel.
    public var mean: [Float]
    /// Running variance, one per channel.
    public var variance: [Float]
    /// Added to the variance before the square root.
    public var epsilon: Float

    /// Parameters as given; nothing checks that the arrays have one entry per channel.
    public init(scale: [Float], shift: [Float], mean: [Float], variance: [Float], epsilon: Float) {
        self.scale = scale
        self.shift = shift
        self.mean = mean
        self.variance = variance
        self.epsilon = epsilon
    }
}
