/// The shape of one sample's activation: channels × height × width (the batch is implicit).
/// Vectors (after global pooling or a linear layer) have height and width 1.
public struct TensorShape: Hashable, Sendable, Codable, CustomStringConvertible {
    /// Channels; features for a vector.
    public var channels: Int
    /// Spatial height; 1 for a vector.
    public var height: Int
    /// Spatial width; 1 for a vector.
    public var width: Int

    /// A shape as given; nothing checks that the sizes are positive.
    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }

    /// Elements per sample.
    public var count: Int { channels * height * width }

    /// `C×H×W`, e.g. `16×32×32`.
    public var description: String { "\(channels)×\(height)×\(width)" }
}
