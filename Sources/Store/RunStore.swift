import Foundation
import GRDB

/// One SQLite file per run (GRDB, WAL mode): the run's config, every evaluation, each
/// generation's checkpoint and the shrink log. Every write is one transaction, so a killed
/// process leaves the store consistent.
public final class RunStore: Sendable {
    /// The database file.
    public let path: String
    private let pool: DatabasePool

    /// Opens an existing run store, never creating one (`--resume` and `store check` must never turn
    /// a wrong file into an empty run store); a store of an older version is migrated forward.
    public convenience init(existing path: String) throws(StoreError) {
        try StoreInspection.requireRunStore(at: path)
        try self.init(path: path)
    }

    /// Opens (creating if needed) the store at `path` and migrates it to the current schema.
    public init(path: String) throws(StoreError) {
        self.path = path
        do {
            let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            // WAL with synchronous=NORMAL: every commit survives a killed process (what a
            // coordinator crash is); only a power cut may lose the last commits.
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
            }
            pool = try Self.openPool(path, configuration)
            try Self.migrate(pool)
        } catch {
            throw StoreError(path: path, message: "cannot open: \(error)")
        }
    }

    /// Opens the pool, which switches a new file to WAL. SQLite answers that switch with
    /// SQLITE_BUSY at once, without its busy handler, when another process is switching or
    /// creating the same file (the handler is skipped to avoid a lock deadlock); the switch is
    /// only refused while the other one holds the lock, so it is retried for up to ten seconds.
    private static func openPool(_ path: String, _ configuration: Configuration) throws -> DatabasePool {
        let deadline = ContinuousClock.now + .seconds(10)
        while true {
            do {
                return try DatabasePool(path: path, configuration: configuration)
            } catch let error as DatabaseError where error.resultCode == .SQLITE_BUSY && ContinuousClock.now < deadline {
                Thread.sleep(forTimeInterval: 0.01)
            }
        }
    }

    /// Brings the store to the current schema. Another process may be migrating the same file at
    /// that moment (a reader opening a run that is still being created): each migration is its own
    /// transaction, so the two can interleave and the second fails on a table the first just made.
    /// That failure is only real if the schema is still incomplete once the other process is done.
    private static func migrate(_ pool: DatabasePool) throws {
        let migrator = Self.migrator
        if try pool.read({ try migrator.hasCompletedMigrations($0) }) { return }
        var attempt = 0
        while true {
            do {
                try migrator.migrate(pool)
                return
            } catch {
                attempt += 1
                if try pool.read({ try migrator.hasCompletedMigrations($0) }) { return }
                // Busy waits are already covered by the busy timeout; this only outlasts a
                // concurrent migration between its transactions.
                guard attempt < 50 else { throw error }
                Thread.sleep(forTimeInterval: 0.02)
            }
        }
    }

    /// Closes the store for good (any use afterwards throws), with every commit copied from the
    /// WAL into the database file and the WAL emptied: what a command ending normally or on
    /// SIGTERM leaves is the database file alone. (SQLite does not do this by itself here: the
    /// pool closes its writer before its read-only readers.)
    public func close() throws(StoreError) {
        do {
            _ = try pool.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
            try pool.close()
        } catch {
            throw StoreError(path: path, message: "cannot close: \(error)")
        }
    }

    /// The schema migrations this version knows, in order; a store's applied list must be a prefix.
    public static var knownMigrations: [String] { migrator.migrations }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: RunRecord.databaseTableName) { t in
                t.column("id", .integer).primaryKey(onConflict: .replace).check { $0 == 1 }
                t.column("name", .text).notNull()
                t.column("config", .text).notNull()
                t.column("seed", .integer).notNull()
                t.column("createdAt", .datetime).notNull()
                t.column("finishedAt", .datetime)
                t.column("result", .text)
            }
            try db.create(table: EvaluationRecord.databaseTableName) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("space", .text).notNull()
                t.column("architecture", .text).notNull()
                t.column("metric", .text).notNull()
                t.column("device", .text).notNull()
                t.column("value", .double)
                t.column("source", .text)
                t.column("worker", .text).notNull()
                t.column("startedAt", .datetime).notNull()
                t.column("finishedAt", .datetime).notNull()
                t.column("error", .text)
                t.uniqueKey(["space", "architecture", "metric", "device"])
            }
            try db.create(table: CheckpointRecord.databaseTableName) { t in
                t.column("generation", .integer).primaryKey(onConflict: .replace)
                t.column("evaluations", .integer).notNull()
                t.column("state", .blob).notNull()
                t.column("createdAt", .datetime).notNull()
            }
            try db.create(table: ShrinkRecord.databaseTableName) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("generation", .integer).notNull()
                t.column("position", .integer).notNull()
                t.column("positionName", .text).notNull()
                t.column("choice", .integer).notNull()
                t.column("choiceName", .text).notNull()
                t.column("score", .double).notNull()
                t.column("spaceSizeBefore", .double).notNull()
                t.column("spaceSizeAfter", .double).notNull()
            }
        }
        migrator.registerMigration("v2: measurement environment") { db in
            try db.alter(table: "evaluation") { t in t.add(column: "environment", .text) }
        }
        migrator.registerMigration("v3: operator profiles") { db in
            try db.create(table: "operator_profile") { t in
                t.column("space", .text).notNull()
                t.column("device", .text).notNull()
                t.column("signature", .text).notNull()
                t.column("latencyMs", .double).notNull()
                t.column("environment", .text)
                t.column("worker", .text).notNull()
                t.column("measuredAt", .datetime).notNull()
                t.uniqueKey(["space", "device", "signature"])
            }
        }
        migrator.registerMigration("v4: search log and fleet events") { db in
            try db.create(table: ChannelScalingRecord.databaseTableName) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("generation", .integer).notNull()
                t.column("before", .text).notNull()
                t.column("after", .text).notNull()
                t.column("ratiosBefore", .text).notNull()
                t.column("ratiosAfter", .text).notNull()
                t.column("predictedMs", .text).notNull()
                t.column("targetMs", .text).notNull()
                // One decision per bred candidate and generation: a resumed run that asks the same
                // batch again stores nothing twice.
                t.uniqueKey(["generation", "before", "after"])
            }
            try db.create(table: LambdaRecord.databaseTableName) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("generation", .integer).notNull()
                t.column("eliteLatencyRatio", .double).notNull()
                t.column("lambdaBefore", .double).notNull()
                t.column("lambdaAfter", .double).notNull()
                t.uniqueKey(["generation"])
            }
            try db.create(table: FleetEventRecord.databaseTableName) { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("at", .datetime).notNull()
                t.column("kind", .text).notNull()
                t.column("worker", .text).notNull()
                t.column("device", .text).notNull()
                t.column("detail", .text).notNull()
                t.column("requeued", .integer).notNull()
            }
        }
        migrator.registerMigration("v5: resolved latency limits") { db in
            try db.create(table: LatencyLimitRecord.databaseTableName) { t in
                t.column("device", .text).notNull().primaryKey()
                t.column("expression", .text).notNull()
                t.column("limitMs", .double).notNull()
                t.column("sampleSize", .integer).notNull()
                t.column("source", .text).notNull()
                t.column("resolvedAt", .datetime).notNull()
            }
        }
        return migrator
    }

    /// Stores a device's resolved limit; one already stored for the device is kept (a resumed
    /// run keeps the limit it started with).
    public func recordLimit(_ limit: LatencyLimitRecord) throws(StoreError) {
        _ = try insertNew([limit], what: "latency limits")
    }

    /// Every resolved limit, by device.
    public func limits() throws(StoreError) -> [LatencyLimitRecord] {
        try read("reading latency limits") { db in try LatencyLimitRecord.order(Column("device")).fetchAll(db) }
    }

    /// Stores profiled operators in one transaction; one already stored is kept. Returns how many were new.
    @discardableResult
    public func recordProfiles(_ records: [OperatorProfileRecord]) throws(StoreError) -> Int {
        try insertNew(records, what: "operator profile(s)")
    }

    /// Inserts `records` in one transaction, keeping any already stored under the same key;
    /// returns how many were new.
    private func insertNew<Record: PersistableRecord & Sendable>(_ records: [Record], what: String) throws(StoreError) -> Int {
        try write("recording \(records.count) \(what)") { db in
            var inserted = 0
            for record in records {
                try record.insert(db, onConflict: .ignore)
                if db.changesCount > 0 { inserted += 1 }
            }
            return inserted
        }
    }

    /// The profiled operators of `space` on `device`.
    public func profiles(space: String, device: String) throws(StoreError) -> [OperatorProfileRecord] {
        try read("reading operator profiles") { db in
            try OperatorProfileRecord
                .filter(Column("space") == space && Column("device") == device)
                .order(Column("measuredAt"))
                .fetchAll(db)
        }
    }

    private func write<T>(_ what: String, _ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.write(body)
        } catch {
            throw StoreError(path: path, message: "\(what) failed: \(error)")
        }
    }

    private func read<T>(_ what: String, _ body: @Sendable (Database) throws -> T) throws(StoreError) -> T {
        do {
            return try pool.read(body)
        } catch {
            throw StoreError(path: path, message: "\(what) failed: \(error)")
        }
    }

    /// Records the run (once per store).
    public func saveRun(_ run: RunRecord) throws(StoreError) {
        try write("saving the run") { db in try run.save(db) }
    }

    /// The run, if one was saved.
    public func run() throws(StoreError) -> RunRecord? {
        try read("reading the run") { db in try RunRecord.fetchOne(db, key: 1) }
    }

    /// Stores the result of a run that a bound stopped (`max_measurements`, `max_wall_seconds`)
    /// without marking it finished, so `--resume` can continue it with a larger bound.
    public func saveStoppedResult(_ result: String) throws(StoreError) {
        try write("saving the stopped run's result") { db in
            guard var run = try RunRecord.fetchOne(db, key: 1) else {
                throw StoreError(path: "", message: "no run recorded")
            }
            run.result = result
            try run.update(db)
        }
    }

    /// Marks the run finished with its result JSON.
    public func finishRun(result: String, at date: Date = Date()) throws(StoreError) {
        try write("finishing the run") { db in
            guard var run = try RunRecord.fetchOne(db, key: 1) else {
                throw StoreError(path: "", message: "no run recorded")
            }
            run.finishedAt = date
            run.result = result
            try run.update(db)
        }
    }

    /// Stores evaluations in one transaction. An evaluation already stored for the same
    /// (space, architecture, metric, device) is kept, not overwritten: results are idempotent.
    /// Returns how many were new.
    @discardableResult
    public func record(_ evaluations: [EvaluationRecord]) throws(StoreError) -> Int {
        try insertNew(evaluations, what: "evaluation(s)")
    }

    /// All stored evaluations, in insertion order.
    public func evaluations() throws(StoreError) -> [EvaluationRecord] {
        try read("reading evaluations") { db in
            try EvaluationRecord.order(Column("id")).fetchAll(db)
        }
    }

    /// The stored evaluations of one architecture (all metrics and devices).
    public func evaluations(space: String, architecture: String) throws(StoreError) -> [EvaluationRecord] {
        try read("reading evaluations of \(architecture)") { db in
            try EvaluationRecord.filter(Column("space") == space && Column("architecture") == architecture)
                .order(Column("id")).fetchAll(db)
        }
    }

    /// Number of stored evaluations for a metric (all devices).
    public func evaluationCount(metric: String) throws(StoreError) -> Int {
        try read("counting evaluations") { db in
            try EvaluationRecord.filter(Column("metric") == metric).fetchCount(db)
        }
    }

    /// Saves a checkpoint and the shrink steps, channel-scaling decisions and λ updates made
    /// since the previous one, in one transaction.
    ///
    /// A resumed run replays its search from the seed and saves the same checkpoints again: a
    /// generation already stored had its shrink steps stored in the same transaction, so they
    /// are not inserted twice. A generation may take several batches, each checkpointed under the
    /// same generation: its scaling decisions and λ update are kept by their own unique keys.
    public func saveCheckpoint(
        _ checkpoint: CheckpointRecord, shrinks: [ShrinkRecord] = [], scalings: [ChannelScalingRecord] = [],
        lambdaUpdates: [LambdaRecord] = []
    ) throws(StoreError) {
        try write("saving checkpoint \(checkpoint.generation)") { db in
            let known = try CheckpointRecord.exists(db, key: checkpoint.generation)
            try checkpoint.save(db)
            if !known {
                for shrink in shrinks { try shrink.insert(db) }
            }
            for scaling in scalings { try scaling.insert(db, onConflict: .ignore) }
            for update in lambdaUpdates { try update.insert(db, onConflict: .ignore) }
        }
    }

    /// Stores channel-scaling decisions that no checkpoint follows (the search's last ask).
    public func recordChannelScalings(_ scalings: [ChannelScalingRecord]) throws(StoreError) {
        guard !scalings.isEmpty else { return }
        try write("recording \(scalings.count) channel-scaling decision(s)") { db in
            for scaling in scalings { try scaling.insert(db, onConflict: .ignore) }
        }
    }

    /// Stores workers joining and leaving the fleet.
    public func recordFleetEvents(_ events: [FleetEventRecord]) throws(StoreError) {
        try write("recording \(events.count) fleet event(s)") { db in
            for event in events { try event.insert(db) }
        }
    }

    /// The fleet events, in order.
    public func fleetEvents() throws(StoreError) -> [FleetEventRecord] {
        try read("reading fleet events") { db in try FleetEventRecord.order(Column("id")).fetchAll(db) }
    }

    /// The most recent checkpoint.
    public func latestCheckpoint() throws(StoreError) -> CheckpointRecord? {
        try read("reading checkpoints") { db in
            try CheckpointRecord.order(Column("generation").desc).fetchOne(db)
        }
    }

    /// Number of checkpoints saved.
    public func checkpointCount() throws(StoreError) -> Int {
        try read("counting checkpoints") { db in try CheckpointRecord.fetchCount(db) }
    }

    /// The shrink log, in order.
    public func shrinks() throws(StoreError) -> [ShrinkRecord] {
        try read("reading the shrink log") { db in
            try ShrinkRecord.order(Column("id")).fetchAll(db)
        }
    }
}
