/// How a compiled network's batch norms normalise.
public enum BatchNormMode: Sendable, Hashable {
    /// Inference: the stored statistics, scale and shift folded into the preceding convolution
    /// (or one per-channel affine step). What latency is measured with.
    case folded
    /// Training mode at initialisation, as a freshly built PyTorch network runs: every channel
    /// normalised by its mean and (biased) variance over the batch and the plane, scale 1, shift 0;
    /// the stored statistics and affine parameters are ignored. What activation-pattern proxies
    /// (NASWOT) score.
    case batchStatistics
}
