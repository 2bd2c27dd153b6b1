import GRDB

/// A progressive-space-shrinking step, as stored.
public struct ShrinkRecord: Sendable, Codable, Hashable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "shrink"

    public var generation: Int
    public var position: Int
    public var positionName: String
    public var choice: Int
    public var choiceName: String
    public var score: Double
    public var spaceSizeBefore: Double
    public var spaceSizeAfter: Double

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
