import Foundation
import GRDB

extension StoreInspection {
    /// Reads a whole run store for a report, without creating, migrating or writing anything, so
    /// a live run can be read while it is written and an older store is shown as it is.
    public static func contents(at path: String) throws(StoreError) -> RunContents {
        try requireRunStore(at: path)
        do {
            return try openQueue(path).read { db in
                let tables = Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
                func optional<Record: FetchableRecord & TableRecord>(_ type: Record.Type, order: String) throws -> [Record]? {
                    tables.contains(type.databaseTableName) ? try type.order(Column(order)).fetchAll(db) : nil
                }
                let checkpoints = try Row.fetchAll(
                    db, sql: "SELECT generation, evaluations, createdAt FROM checkpoint ORDER BY generation"
                ).map { row in
                    CheckpointSummary(generation: row["generation"], evaluations: row["evaluations"], createdAt: row["createdAt"])
                }
                return RunContents(
                    path: path, run: try RunRecord.fetchOne(db, key: 1),
                    evaluations: try EvaluationRecord.order(Column("id")).fetchAll(db), checkpoints: checkpoints,
                    shrinks: try ShrinkRecord.order(Column("id")).fetchAll(db),
                    channelScaling: try optional(ChannelScalingRecord.self, order: "id"),
                    lambdaUpdates: try optional(LambdaRecord.self, order: "id"),
                    fleetEvents: try optional(FleetEventRecord.self, order: "id"),
                    limits: try optional(LatencyLimitRecord.self, order: "device"))
            }
        } catch {
            throw StoreError(path: path, message: "cannot read the run: \(error)")
        }
    }
}
