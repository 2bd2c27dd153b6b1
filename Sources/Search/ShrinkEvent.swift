/// One progressive-space-shrinking step: a choice dropped from a position.
public struct ShrinkEvent: Sendable, Codable, Hashable {
    /// Generation after which the space was shrunk.
    public var generation: Int
    /// Position index in the space.
    public var position: Int
    /// Position name, e.g. `edge 2<-1`.
    public var positionName: String
    /// Choice index dropped.
    public var choice: Int
    /// Choice name dropped, e.g. `avg_pool_3x3`.
    public var choiceName: String
    /// Its score: share among the top quarter of feasible candidates relative to its share of the
    /// space (see ``ProgressiveSpaceShrinking``).
    public var score: Double
    /// Number of architectures the space admitted before and after the step.
    public var spaceSizeBefore: Double
    /// Number of architectures the space admits after the step.
    public var spaceSizeAfter: Double

    /// One step, as ``ProgressiveSpaceShrinking`` reports it.
    public init(
        generation: Int, position: Int, positionName: String, choice: Int, choiceName: String,
        score: Double, spaceSizeBefore: Double, spaceSizeAfter: Double
    ) {
        self.generation = generation
        self.position = position
        self.positionName = positionName
        self.choice = choice
        self.choiceName = choiceName
        self.score = score
        self.spaceSizeBefore = spaceSizeBefore
        self.spaceSizeAfter = spaceSizeAfter
    }
}
