/// The engine's identity, recorded with every figure it measures.
public enum Engine {
    /// Bumped whenever a kernel change can move a latency figure.
    public static let version = 2
}
