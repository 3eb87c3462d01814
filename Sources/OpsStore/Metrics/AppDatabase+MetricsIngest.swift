import Foundation
internal import GRDB
import OpsCore

// MARK: - Ingest

/// Metrics are written by the collector, a system process: no actor, no permission check,
/// and no audit row (a tick every few seconds is not a decision and would bury the trail).
/// Alert status changes, which are decisions, are audited by the alert service.
extension AppDatabase {
    /// How far after `now` a sample may be dated before it is refused.
    public static let futureTolerance: TimeInterval = 600

    /// Writes one collector tick: every sample and every source status in ONE transaction,
    /// so a reader never sees half a tick.
    ///
    /// Each sample costs one INSERT through a cached statement bound straight to SQLite
    /// (series ids come from an in-memory cache). A sample repeating a series and time
    /// replaces the stored value; NaN, nameless and far-future samples are skipped and
    /// counted rather than failing the tick.
    @discardableResult
    public func recordSamples(_ batch: [SampleInput], sourceStatus: [SourceStatusInput] = [],
                              now: Date) throws(OpsError) -> IngestReport {
        let cache = MetricSeriesCache.of(self)
        let known = cache.snapshot()
        let futureLimit = MetricTime.ms(now + Self.futureTolerance)
        var created: [MetricSeriesKey: Int64] = [:]
        let report: IngestReport
        do throws(OpsError) {
            report = try write { db in
                var report = IngestReport()
                let rolledUntil = try Int64.fetchOne(db.cachedStatement(sql: MetricsSQL.rollupWatermark), arguments: ["rollup60"])
                let insert = try RawInsert(db: db)
                for sample in batch {
                    if sample.value.isNaN {
                        report.skippedNaN += 1
                        continue
                    }
                    if sample.series.name.isEmpty {
                        report.skippedInvalid += 1
                        continue
                    }
                    let t = MetricTime.ms(sample.time)
                    if t > futureLimit {
                        report.skippedFuture += 1
                        continue
                    }
                    let seriesID: Int64
                    if let id = known[sample.series] ?? created[sample.series] {
                        seriesID = id
                    } else {
                        let (id, isNew) = try Self.resolveSeries(sample.series, db: db)
                        created[sample.series] = id
                        if isNew { report.newSeries += 1 }
                        seriesID = id
                    }
                    try insert.run(seriesID: seriesID, t: t, value: sample.value)
                    report.stored += 1
                    if let rolledUntil, t < rolledUntil { report.late += 1 }
                }
                for status in sourceStatus { try Self.upsertSourceStatus(status, db: db) }
                return report
            }
        } catch {
            // A foreign-key failure means a cached id points at a deleted series.
            if case .conflict = error { cache.forget() }
            throw error
        }
        cache.remember(created)
        return report
    }

    /// The id of `key`, creating the series when it is new.
    static func resolveSeries(_ key: MetricSeriesKey, db: Database) throws -> (id: Int64, isNew: Bool) {
        let arguments: StatementArguments = [key.name, key.labelsJSON]
        if let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM metric_series WHERE name = ? AND labels = ?"),
                                       arguments: arguments) {
            return (id, false)
        }
        try db.cachedStatement(sql: "INSERT INTO metric_series (name, labels) VALUES (?, ?)").execute(arguments: arguments)
        return (db.lastInsertedRowID, true)
    }

    static func upsertSourceStatus(_ status: SourceStatusInput, db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO metric_source_status (source, up, last_error, last_success, last_attempt, consecutive_failures)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (source) DO UPDATE SET up = excluded.up, last_error = excluded.last_error,
                last_success = excluded.last_success, last_attempt = excluded.last_attempt,
                consecutive_failures = excluded.consecutive_failures
            """).execute(arguments: [status.source, status.up, status.lastError, status.lastSuccess.map(Timestamp.format),
                                     status.lastAttempt.map(Timestamp.format), status.consecutiveFailures])
    }
}

/// The per-sample INSERT, bound and stepped through the C API (`RawStatement`): GRDB's
/// argument arrays cost more than SQLite's own work at 200,000 samples/s.
private struct RawInsert {
    let statement: RawStatement

    init(db: Database) throws {
        statement = try RawStatement(db, sql: """
            INSERT INTO metric_sample (series_id, t, v) VALUES (?, ?, ?)
            ON CONFLICT (series_id, t) DO UPDATE SET v = excluded.v
            """)
    }

    func run(seriesID: Int64, t: Int64, value: Double) throws {
        statement.bind(1, seriesID)
        statement.bind(2, t)
        statement.bind(3, value)
        try statement.run()
    }
}

/// SQL shared by the metrics files.
enum MetricsSQL {
    static let rollupWatermark = "SELECT done_until FROM metric_maintenance WHERE task = ?"
}
