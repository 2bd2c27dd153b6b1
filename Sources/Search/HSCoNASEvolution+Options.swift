extension HSCoNASEvolution {
    /// The HSCoNAS EA's own knobs, beyond the ``SearchSettings`` every strategy shares.
    ///
    /// The defaults were chosen on NAS-Bench-201 (CIFAR-10, 12 latency targets on raspi4, pixel3,
    /// gold_6240 and titanxp_1, budget 500) with seeds 100–149, kept apart from the seeds 0–19 the
    /// search benchmark reports.
    public struct Options: Sendable, Codable, Hashable {
        /// Progressive space shrinking; when it runs is `SearchSettings.shrinkEvery`.
        public var shrinking: ProgressiveSpaceShrinking
        /// How many children are drawn for one slot before screening gives up and the first
        /// draw is asked anyway (0 turns screening off). Docs/design.md §4: "check the latency
        /// constraint on the model first (resample up to a bound if it fails)".
        public var screeningTries: Int
        /// A child passes screening when the hardware model predicts at most `(1 + margin) · T`
        /// on every target. The margin absorbs model error: a real measurement decides, and an
        /// infeasible ask costs a latency look-up but no budget.
        public var screeningMargin: Double
        /// A child passes screening only when its predicted latency uses at least this share of
        /// its tightest target (the worst latency/T over targets). This is dynamic channel
        /// scaling's aim (every candidate competes at nearly the same latency, close to T) for a
        /// space without channels: accuracy grows with the capacity a network spends, so a child
        /// far under the budget rarely wins. 0 turns it off.
        public var minimumUtilization: Double
        /// Told samples each per-device hardware model needs before it screens or repairs.
        public var modelWarmup: Int
        /// Probability that a child is drawn uniformly from the (shrunk) space instead of bred
        /// from the parents (random immigrants). It keeps the search out of a single basin:
        /// under tight targets NAS-Bench-201 has about a hundred local optima among feasible cells.
        public var immigrants: Double
        /// Replace infeasible children by their repair (see ``repairFloor``) rather than by a new
        /// child. This is how the EA reaches optima that sit right at the latency limit and
        /// whose feasible neighbours are all poor: their infeasible neighbours are where breeding
        /// lands.
        public var repair: Bool
        /// The repair of an infeasible child is its one-gene change, not asked before, that the
        /// hardware model puts highest while at most T on every target, provided that is at least
        /// this share of T; otherwise the child is not repaired (a new child replaces it).
        public var repairFloor: Double
        /// After the first round of a generation, ask enough replacements that the generation
        /// completes in about one more round at the feasible rate seen so far (never more than a
        /// population at once), so a fleet gets full batches instead of a trickle of single asks.
        public var oversample: Bool
        /// `hard` (Deb's rules, screening, repair, channel scaling) or `lambda` (LightNAS).
        public var constraintMode: ConstraintMode
        /// Dynamic channel scaling: in `hard` mode on a ``ChannelScalableSpace`` with a latency
        /// predictor for every target, every child's channel ratios are chosen on the model to use
        /// the budget (``DynamicChannelScaling``) and the widened child is asked.
        public var channelScaling: Bool
        /// How channel scaling widens (stage phase, then optionally the layer phase).
        public var scaling: DynamicChannelScaling
        /// λ's step per generation in `lambda` mode (see ``LatencyMultiplier``).
        public var lambdaStep: Double
        /// λ at the start of a `lambda` search.
        public var lambdaInitial: Double

        /// The defaults chosen on NAS-Bench-201 (see above): `hard` mode, channel scaling off.
        public init(
            shrinking: ProgressiveSpaceShrinking = .init(), screeningTries: Int = 20, screeningMargin: Double = 0.15,
            minimumUtilization: Double = 0.9, modelWarmup: Int = 50, immigrants: Double = 0.3, repair: Bool = true,
            repairFloor: Double = 0.9, oversample: Bool = true, constraintMode: ConstraintMode = .hard,
            channelScaling: Bool = false, scaling: DynamicChannelScaling = .init(), lambdaStep: Double = 0.1,
            lambdaInitial: Double = 0
        ) {
            self.constraintMode = constraintMode
            self.channelScaling = channelScaling
            self.scaling = scaling
            self.lambdaStep = lambdaStep
            self.lambdaInitial = lambdaInitial
            self.shrinking = shrinking
            self.screeningTries = screeningTries
            self.screeningMargin = screeningMargin
            self.minimumUtilization = minimumUtilization
            self.modelWarmup = modelWarmup
            self.immigrants = immigrants
            self.repair = repair
            self.repairFloor = repairFloor
            self.oversample = oversample
        }
    
        enum CodingKeys: String, CodingKey {
            case shrinking, screeningTries, screeningMargin, minimumUtilization, modelWarmup, immigrants, repair
            case repairFloor, oversample, constraintMode, channelScaling, scaling, lambdaStep, lambdaInitial
        }

        /// Missing keys take their defaults, so checkpoints written before a knob existed still load.
        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            let d = Options()
            shrinking = try c.decodeIfPresent(ProgressiveSpaceShrinking.self, forKey: .shrinking) ?? d.shrinking
            screeningTries = try c.decodeIfPresent(Int.self, forKey: .screeningTries) ?? d.screeningTries
            screeningMargin = try c.decodeIfPresent(Double.self, forKey: .screeningMargin) ?? d.screeningMargin
            minimumUtilization = try c.decodeIfPresent(Double.self, forKey: .minimumUtilization) ?? d.minimumUtilization
            modelWarmup = try c.decodeIfPresent(Int.self, forKey: .modelWarmup) ?? d.modelWarmup
            immigrants = try c.decodeIfPresent(Double.self, forKey: .immigrants) ?? d.immigrants
            repair = try c.decodeIfPresent(Bool.self, forKey: .repair) ?? d.repair
            repairFloor = try c.decodeIfPresent(Double.self, forKey: .repairFloor) ?? d.repairFloor
            oversample = try c.decodeIfPresent(Bool.self, forKey: .oversample) ?? d.oversample
            constraintMode = try c.decodeIfPresent(ConstraintMode.self, forKey: .constraintMode) ?? d.constraintMode
            channelScaling = try c.decodeIfPresent(Bool.self, forKey: .channelScaling) ?? d.channelScaling
            scaling = try c.decodeIfPresent(DynamicChannelScaling.self, forKey: .scaling) ?? d.scaling
            lambdaStep = try c.decodeIfPresent(Double.self, forKey: .lambdaStep) ?? d.lambdaStep
            lambdaInitial = try c.decodeIfPresent(Double.self, forKey: .lambdaInitial) ?? d.lambdaInitial
        }
    }
}
