extension HSCoNASEvolution {
    /// Knobs of the HSCoNAS EA beyond ``SearchSettings``.
    public struct Options: Sendable, Codable, Hashable {
        public var shrinking: ProgressiveSpaceShrinking
        /// Resample a child the latency model predicts to miss a target, up to this many times (0: off).
        public var screeningTries: Int
        /// A child passes screening when its predicted latency is at most `(1 + margin) · T` on every target.
        public var screeningMargin: Double
        /// Prefer children predicted to use at least this share of the tightest target (0: off).
        public var minimumUtilization: Double
        /// Mutation probability at the start of the run; it decays linearly to `mutationProbability`.
        public var initialMutationProbability: Double?
        /// Samples before the model is trusted.
        public var modelWarmup: Int

        public init(
            shrinking: ProgressiveSpaceShrinking = .init(), screeningTries: Int = 0, screeningMargin: Double = 0.05,
            minimumUtilization: Double = 0, initialMutationProbability: Double? = nil, modelWarmup: Int = 50
        ) {
            self.shrinking = shrinking
            self.screeningTries = screeningTries
            self.screeningMargin = screeningMargin
            self.minimumUtilization = minimumUtilization
            self.initialMutationProbability = initialMutationProbability
            self.modelWarmup = modelWarmup
        }
    }
}
