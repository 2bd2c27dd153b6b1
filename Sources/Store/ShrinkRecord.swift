import GRDB

/// A progressive-space-shrinking step, as stored.
public struct ShrinkRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    /// Stored in the `shrink` table, in the order the steps were made.
    public static let databaseTableName = "shrink"

    /// Generation after which the space was shrunk.
    public var generation: Int
    /// Index of the position the choice was dropped from.
    public var position: Int
    /// The position's name, e.g. `edge 2<-1`.
    public var positionName: String
    /// Index of the dropped choice.
    public var choice: Int
    /// The dropped choice's name, e.g. `avg_pool_3x3`.
    public var choiceName: String
    /// The dropped choice's score: its share among the top feasible candidates relative to its expected share.
    public var score: Double
    /// Number of architectures the space admitted before the step.
    public var spaceSizeBefore: Double
    /// Number of architectures the space admits after the step.
    public var spaceSizeAfter: Double

    /// A step as the strategy reported it.
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
