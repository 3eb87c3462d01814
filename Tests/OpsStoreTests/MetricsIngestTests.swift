import Foundation
import GRDB
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// Ingest: one transaction per tick, one row per sample, bad samples skipped not fatal,
/// series created once and cached without ever caching a rolled-back id.
@Suite("Metrics ingest")
struct MetricsIngestTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static func store() throws -> (AppDatabase, ManualClock) {
        let clock = ManualClock(t0)
        return (try AppDatabase(inMemory: clock), clock)
    }

    static func count(_ db: AppDatabase, _ sql: String) throws -> Int {
        try db.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    @Test("the metrics migration is applied after the foundation one")
    func migration() throws {
        let (db, _) = try Self.store()
        let applied = try db.appliedMigrations()
        let order = ["2026-11-27-foundation", "2026-11-27-metrics", "2026-11-28-metric-chunks"].compactMap { applied.firstIndex(of: $0) }
        #expect(order.count == 3 && order == order.sorted())
        let tables = try db.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE 'metric%' OR name IN ('alert', 'collector_lease')) ORDER BY name")
        }
        #expect(tables == ["alert", "collector_lease", "metric_block", "metric_chunk", "metric_chunk_progress", "metric_maintenance", "metric_rollup",
                           "metric_sample", "metric_series", "metric_source_status"])
    }

    @Test("a tick stores every sample and creates each series once, labels in canonical JSON")
    func storesTick() throws {
        let (db, _) = try Self.store()
        let batch = [
            SampleInput(name: "cpu", labels: ["mode": "user", "cpu": "0"], time: Self.t0, value: 1.25),
            SampleInput(name: "cpu", labels: ["cpu": "0", "mode": "user"], time: Self.t0 + 10, value: 2.5),
            SampleInput(name: "cpu", labels: ["cpu": "1", "mode": "user", "empty": ""], time: Self.t0, value: 3),
            SampleInput(name: "up", time: Self.t0, value: 1),
        ]
        let report = try db.recordSamples(batch, now: Self.t0 + 10)
        #expect(report.stored == 4)
        #expect(report.newSeries == 3)
        let labels = try db.read { db in try String.fetchAll(db, sql: "SELECT labels FROM metric_series ORDER BY id") }
        #expect(labels == [#"{"cpu":"0","mode":"user"}"#, #"{"cpu":"1","mode":"user"}"#, "{}"])
        #expect(try Self.count(db, "SELECT count(*) FROM metric_sample") == 4)

        // The next tick finds the series in the cache and creates none.
        let again = try db.recordSamples(batch.map { var s = $0; s.time += 20; return s }, now: Self.t0 + 30)
        #expect(again.newSeries == 0)
        #expect(try Self.count(db, "SELECT count(*) FROM metric_series") == 3)
        #expect(try Self.count(db, "SELECT count(*) FROM metric_sample") == 8)
    }

    @Test("NaN, nameless and far-future samples are skipped and counted; the rest of the tick is stored")
    func skipsBadSamples() throws {
        let (db, _) = try Self.store()
        let report = try db.recordSamples([
            SampleInput(name: "a", time: Self.t0, value: .nan),
            SampleInput(name: "", time: Self.t0, value: 1),
            SampleInput(name: "a", time: Self.t0 + 3600, value: 1),
            SampleInput(name: "a", time: Self.t0 + 1, value: .infinity),
            SampleInput(name: "a", time: Self.t0 + 2, value: 7),
        ], now: Self.t0)
        #expect(report.skippedNaN == 1)
        #expect(report.skippedInvalid == 1)
        #expect(report.skippedFuture == 1)
        #expect(report.stored == 2)
        #expect(try db.latest(name: "a")?.value == 7)
    }

    @Test("a repeated series and time replaces the stored value")
    func duplicateReplaces() throws {
        let (db, _) = try Self.store()
        try db.recordSamples([SampleInput(name: "a", time: Self.t0, value: 1)], now: Self.t0)
        try db.recordSamples([SampleInput(name: "a", time: Self.t0, value: 2)], now: Self.t0)
        #expect(try Self.count(db, "SELECT count(*) FROM metric_sample") == 1)
        #expect(try db.latest(name: "a")?.value == 2)
    }

    @Test("a failed tick stores nothing and leaves no stale series id in the cache")
    func rollbackKeepsCacheClean() throws {
        let (db, _) = try Self.store()
        let bad = SourceStatusInput(source: "", up: true)  // breaks the CHECK on source
        let error = opsError { () throws(OpsError) in try db.recordSamples([SampleInput(name: "ghost", time: Self.t0, value: 1)], sourceStatus: [bad], now: Self.t0) }
        guard case .conflict = error else {
            Issue.record("expected a constraint conflict, got \(String(describing: error))")
            return
        }
        #expect(try Self.count(db, "SELECT count(*) FROM metric_series") == 0)
        // Another series takes the id the rolled-back one had; "ghost" must get its own.
        try db.recordSamples([SampleInput(name: "other", time: Self.t0, value: 5)], now: Self.t0)
        try db.recordSamples([SampleInput(name: "ghost", time: Self.t0, value: 9)], now: Self.t0)
        #expect(try db.latest(name: "other")?.value == 5)
        #expect(try db.latest(name: "ghost")?.value == 9)
        #expect(try db.series(matching: "ghost").count == 1)
    }

    @Test("a cached id of a series deleted by hand fails one tick, then ingest recovers")
    func staleCacheRecovers() throws {
        let (db, _) = try Self.store()
        try db.recordSamples([SampleInput(name: "a", time: Self.t0, value: 1)], now: Self.t0)
        try db.write { db in
            try db.execute(sql: "DELETE FROM metric_sample")
            try db.execute(sql: "DELETE FROM metric_series")
        }
        #expect(opsError { () throws(OpsError) in try db.recordSamples([SampleInput(name: "a", time: Self.t0 + 10, value: 2)], now: Self.t0) } != nil)
        let report = try db.recordSamples([SampleInput(name: "a", time: Self.t0 + 10, value: 2)], now: Self.t0)
        #expect(report.newSeries == 1)
        #expect(try db.latest(name: "a")?.value == 2)
    }

    @Test("source statuses are upserted in the tick's transaction and read back")
    func sourceStatus() throws {
        let (db, _) = try Self.store()
        try db.recordSamples([], sourceStatus: [
            SourceStatusInput(source: "node", up: true, lastSuccess: Self.t0, lastAttempt: Self.t0),
            SourceStatusInput(source: "probe", up: nil),
        ], now: Self.t0)
        try db.recordSamples([], sourceStatus: [
            SourceStatusInput(source: "node", up: false, lastError: "connection refused", lastSuccess: Self.t0,
                              lastAttempt: Self.t0 + 10, consecutiveFailures: 1),
        ], now: Self.t0 + 10)
        let statuses = try db.sourceStatuses()
        #expect(statuses.map(\.source) == ["node", "probe"])
        #expect(statuses[0].up == false)
        #expect(statuses[0].lastError == "connection refused")
        #expect(statuses[0].lastSuccess == Self.t0)
        #expect(statuses[0].lastAttempt == Self.t0 + 10)
        #expect(statuses[0].consecutiveFailures == 1)
        #expect(statuses[1].up == nil)
        #expect(statuses[1].lastAttempt == nil)
    }

    @Test("samples older than the minute-rollup watermark are stored but reported late")
    func lateSamples() throws {
        let (db, clock) = try Self.store()
        try db.recordSamples([SampleInput(name: "a", time: Self.t0, value: 1)], now: Self.t0)
        clock.advance(by: 600)
        try db.maintainMetrics(now: clock.now())
        let report = try db.recordSamples([SampleInput(name: "a", time: Self.t0 + 30, value: 2),
                                           SampleInput(name: "a", time: clock.now(), value: 3)], now: clock.now())
        #expect(report.stored == 2)
        #expect(report.late == 1)
    }
}
