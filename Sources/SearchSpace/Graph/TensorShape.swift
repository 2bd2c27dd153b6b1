/// The shape of one sample's activation: channels × height × width (the batch is implicit).
/// Vectors (after global pooling or a linear layer) have height and width 1.
public struct TensorShape: Hashable, Sendable, Codable, CustomStringConvertible {
    public var channels: Int
    public var height: Int
    public var width: Int

    public init(channels: Int, height: Int, width: Int) {
        self.channels = channels
        self.height = height
        self.width = width
    }

    /// Elements per sample.
    public var count: Int { channels * height * width }

    public var description: String { "\(channels)×\(height)×\(width)" }
}
