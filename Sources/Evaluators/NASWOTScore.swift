/// One network's NASWOT proxy score.
public struct NASWOTScore: Sendable, Hashable {
    /// `log det(K + I)` of the activation-pattern kernel.
    public let score: Double
    /// ReLU units per input the kernel counted (`N_A`).
    public let units: Int
    /// Rectifying layers the kernel saw.
    public let layers: Int
}
