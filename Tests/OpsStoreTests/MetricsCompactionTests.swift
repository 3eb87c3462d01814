import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import OpsFixtures
import Testing
import _OpsTestSupport

/// What the store holds, whatever the layout: head rows and packed chunks together.
enum MetricsLayout {
    static func seriesIDs(_ db: AppDatabase) throws -> [Int64] {
        try db.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM metric_series ORDER BY id") }
    }

    /// Every raw sample at or after `from`, by series then time.
    static func rawSamples(_ db: AppDatabase, from: Int64 = Int64.min) throws -> [(series: Int64, t: Int64, v: Double)] {
        try db.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM metric_series ORDER BY id").flatMap { id in
                let raw = try MetricHistory.rawSamples(seriesID: id, from: from, to: Int64.max, db: db)
                return zip(raw.times, raw.values).map { (id, $0, $1) }
            }
        }
    }

    struct Rollup: Equatable {
        var series: Int64, t: Int64, min: Double?, avg: Double?, max: Double?, n: Int64
    }

    static func rollups(_ db: AppDatabase, resolution: Int64) throws -> [Rollup] {
        try db.read { db in
            try Int64.fetchAll(db, sql: "SELECT id FROM metric_series ORDER BY id").flatMap { id in
                try MetricHistory.rollups(seriesID: id, resolution: resolution, from: Int64.min, to: Int64.max, db: db).map {
                    Rollup(series: id, t: $0.t, min: $0.min, avg: $0.avg, max: $0.max, n: $0.n)
                }
            }
        }
    }

    static func int(_ db: AppDatabase, _ sql: String, _ arguments: StatementArguments = []) throws -> Int64 {
        try db.read { db in try Int64.fetchOne(db, sql: sql, arguments: arguments) ?? Int64.min }
    }
}

/// Compaction: packing closed spans into chunks changes no query result, retention drops
/// whole chunks, a small budget resumes to the same end state, late samples still win.
@Suite("Metrics compaction")
struct MetricsCompactionTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_003)
    static let interval: TimeInterval = 15

    /// Four series of different shapes, including ±Inf (undefined minute averages) and -0.
    static func value(series: Int, tick: Int) -> Double {
        switch series {
        case 0: sin(Double(tick) / 40) * 37.123_456_789 + 50
        case 1: Double(tick / 17 % 5)
        case 2: tick % 97 == 5 ? .infinity : tick % 97 == 6 ? -.infinity : tick % 50 == 0 ? -0.0 : Double(tick % 13) / 3
        default: 1
        }
    }

    static let keys = (0..<4).map { MetricSeriesKey(name: "shape", labels: ["n": String($0)]) }

    static func batch(ticks: Range<Int>) -> [SampleInput] {
        ticks.flatMap { k in
            keys.indices.map { i in SampleInput(series: keys[i], time: t0 + TimeInterval(k) * interval, value: value(series: i, tick: k)) }
        }
    }

    /// `days` ingested and maintained every `every` seconds of simulated time.
    static func run(days: Double, every: TimeInterval, policy: RetentionPolicy, budget: Int = 5_000,
                    compacting: Bool) throws -> (AppDatabase, Date) {
        let clock = ManualClock(t0)
        let db = try AppDatabase(inMemory: clock)
        let ticks = Int(days * 86_400 / interval)
        let step = Int(every / interval)
        var k = 0
        while k < ticks {
            let last = min(k + step, ticks)
            clock.set(t0 + TimeInterval(last) * interval)
            try db.recordSamples(batch(ticks: k..<last), now: clock.now())
            var calls = 0
            repeat { calls += 1 } while try !db.maintainMetrics(now: clock.now(), policy: policy, budget: budget,
                                                                compacting: compacting).caughtUp && calls < 10_000
            k = last
        }
        return (db, clock.now())
    }

    struct Query { var id: Int64, from: Date, to: Date, points: Int }

    /// Windows of every kind over the last `days`.
    static func queries(_ db: AppDatabase, end: Date, days: Double) throws -> [Query] {
        var queries: [Query] = []
        for id in try MetricsLayout.seriesIDs(db) {
            let shapes: [(back: Double, span: Double, points: Int)] = [
                (0, 3600, 500), (0, 6 * 3600, 200), (7200, 5 * 3600, 61), (0, 86_400, 300),
                (3 * 3600, 2 * 86_400, 97), (0, days * 86_400, 120), (40_000, 86_400, 1000),
            ]
            for (back, span, points) in shapes {
                let to = end - back
                queries.append(Query(id: id, from: to - min(span, days * 86_400 - back), to: to, points: points))
            }
        }
        return queries
    }

    /// `samples(…)` as it was before chunks: the same table choice, the SQL over head rows.
    static func oldWindow(_ db: AppDatabase, _ q: Query) throws -> [Row] {
        try db.read { db in
            let start = MetricTime.ms(q.from)
            let end = MetricTime.ms(q.to)
            let span = end - start
            let progress = try MetricsProgress(db: db)
            var resolution: MetricResolution = span <= 6 * 3_600_000 ? .raw : span <= 14 * 86_400_000 ? .minute : .hour
            if resolution == .raw, start < progress.rawKeptFrom { resolution = .minute }
            if resolution == .minute, start < progress.minuteKeptFrom { resolution = .hour }
            let unit: Int64 = resolution == .raw ? 1000 : Int64(resolution.rawValue) * 1000
            let wanted = max((span + Int64(q.points) - 2) / Int64(q.points - 1), 1)
            let width = (wanted + unit - 1) / unit * unit
            let upper = end + 1
            let hourEnd = resolution == .hour ? min(upper, progress.hoursDone) : start
            let minuteStart = max(start, hourEnd)
            let minuteEnd = resolution == .raw ? minuteStart : max(minuteStart, min(upper, progress.minutesDone))
            let rawStart = resolution == .raw ? start : max(minuteEnd, min(upper, max(start, progress.minutesDone)))
            return try Row.fetchAll(db, sql: headWindowSQL, arguments: [
                "w": width, "s": q.id, "h0": start, "h1": hourEnd, "m0": minuteStart, "m1": minuteEnd, "r0": rawStart, "r1": upper,
            ])
        }
    }

    /// The window query as it was before chunks (SQL over head rows only), for comparison.
    static let headWindowSQL = """
        SELECT b, min(lo), sum(mean * n) / sum(n), max(hi), sum(n) FROM (
            SELECT t / :w * :w AS b, min AS lo, avg AS mean, max AS hi, n FROM metric_rollup
                WHERE series_id = :s AND resolution = 3600 AND t >= :h0 AND t < :h1
            UNION ALL
            SELECT t / :w * :w, min, avg, max, n FROM metric_rollup
                WHERE series_id = :s AND resolution = 60 AND t >= :m0 AND t < :m1
            UNION ALL
            SELECT t / :w * :w, v, v, v, 1 FROM metric_sample
                WHERE series_id = :s AND t >= :r0 AND t < :r1
        ) GROUP BY b ORDER BY b
        """

    @Test("every window and latest value is the same with and without compaction, and matches the old SQL")
    func queriesUnchanged() throws {
        let policy = RetentionPolicy(raw: 20 * 3600, minute: 2 * 86_400, hour: 400 * 86_400)
        let days = 3.3
        let (packed, end) = try Self.run(days: days, every: 600, policy: policy, compacting: true)
        let (plain, _) = try Self.run(days: days, every: 600, policy: policy, compacting: false)
        #expect(try MetricsLayout.int(packed, "SELECT count(*) FROM metric_chunk WHERE resolution = 0") > 0)
        #expect(try MetricsLayout.int(packed, "SELECT count(*) FROM metric_chunk WHERE resolution = 60") > 0)
        #expect(try MetricsLayout.int(plain, "SELECT count(*) FROM metric_chunk") == 0)
        // Most raw samples and minutes are packed.
        #expect(try MetricsLayout.int(packed, "SELECT count(*) FROM metric_sample") * 4
            < MetricsLayout.int(plain, "SELECT count(*) FROM metric_sample"))

        let queries = try Self.queries(packed, end: end, days: days)
        let a = try queries.map { try packed.samples(seriesID: $0.id, from: $0.from, to: $0.to, maxPoints: $0.points) }
        let b = try queries.map { try plain.samples(seriesID: $0.id, from: $0.from, to: $0.to, maxPoints: $0.points) }
        #expect(a == b)
        #expect(a.contains { $0.resolution == .raw } && a.contains { $0.resolution == .minute } && a.contains { $0.resolution == .hour })
        #expect(a.contains { $0.points.contains { $0.avg == nil } })
        for i in Self.keys.indices {
            let labels = ["n": String(i)]
            #expect(try packed.latest(name: "shape", labels: labels) == plain.latest(name: "shape", labels: labels))
            #expect(try packed.latest(name: "shape", labels: labels) != nil)
        }

        // The unpacked store through the old SQL: same buckets, counts, min and max; the
        // average may differ in the last bits only (SQLite may sum in another order).
        for (query, window) in zip(queries, b) {
            let oldPoints = try Self.oldWindow(plain, query)
            #expect(oldPoints.count == window.points.count)
            for (row, point) in zip(oldPoints, window.points) {
                #expect(MetricTime.date(ms: row[0]) == point.time)
                #expect((row[1] as Double?) == point.min && (row[3] as Double?) == point.max && (row[4] as Int) == point.count)
                let average: Double? = row[2]
                #expect((average == nil) == (point.avg == nil))
                if let average, let mine = point.avg, average.isFinite {
                    #expect(abs(average - mine) <= 1e-12 * max(1, abs(average)))
                }
            }
        }
    }

    @Test("retention drops whole chunks once their last entry is past the cutoff, never a chunk still in retention")
    func retentionDropsWholeChunks() throws {
        let policy = RetentionPolicy(raw: 6 * 3600, minute: 86_400, hour: 400 * 86_400)
        let (db, end) = try Self.run(days: 3, every: 900, policy: policy, compacting: true)
        let endMS = MetricTime.ms(end)
        for (resolution, task) in [(0, "retain_raw"), (60, "retain60")] {
            let cutoff = try MetricsLayout.int(db, "SELECT done_until FROM metric_maintenance WHERE task = ?", [task])
            #expect(try MetricsLayout.int(db, "SELECT count(*) FROM metric_chunk WHERE resolution = ? AND t1 < ?", [resolution, cutoff]) == 0)
            // The oldest chunk left straddles the cutoff or starts after it: at most one span old.
            let oldest = try MetricsLayout.int(db, "SELECT min(t0) FROM metric_chunk WHERE resolution = ?", [resolution])
            #expect(oldest >= cutoff - MetricHistory.spanMS(resolution: Int64(resolution)))
            #expect(cutoff > endMS - (resolution == 0 ? 7 : 26) * 3_600_000)
        }
        // Every raw sample within retention is still there, once.
        let cutoff = try MetricsLayout.int(db, "SELECT done_until FROM metric_maintenance WHERE task = 'retain_raw'")
        let kept = try MetricsLayout.rawSamples(db, from: cutoff)
        let t0MS = MetricTime.ms(Self.t0)
        let ticks = (0..<Int(3 * 86_400 / Self.interval)).filter { t0MS + Int64($0) * 15_000 >= cutoff }
        #expect(kept.count == ticks.count * Self.keys.count)
        #expect(kept.filter { $0.series == 1 }.map(\.t) == ticks.map { t0MS + Int64($0) * 15_000 })
    }

    @Test("a tiny budget stops mid-pass and resumes to exactly the layout a big budget reaches")
    func resumesAfterBudget() throws {
        // Nothing expires, so both stores must end with the very same chunks.
        let policy = RetentionPolicy(raw: 400 * 86_400, minute: 400 * 86_400, hour: 400 * 86_400)
        let days = 1.6
        let (big, end) = try Self.run(days: days, every: days * 86_400, policy: policy, budget: 1_000_000, compacting: true)
        let clock = ManualClock(end)
        let small = try AppDatabase(inMemory: clock)
        try small.recordSamples(Self.batch(ticks: 0..<Int(days * 86_400 / Self.interval)), now: end)
        var calls = 0
        var packedAtOnce = 0
        while calls < 50_000 {
            calls += 1
            let report = try small.maintainMetrics(now: end, policy: policy, budget: 50)
            packedAtOnce = max(packedAtOnce, report.rowsPacked)
            if report.caughtUp { break }
        }
        #expect(calls > 50)
        // Three packing steps, each within its budget plus one series' span (2 h of 15 s samples).
        #expect(packedAtOnce <= 3 * (50 + 480))
        let layout = "SELECT series_id, resolution, t0, t1, n, hex(data) FROM metric_chunk ORDER BY series_id, resolution, t0"
        let chunks = { (db: AppDatabase) in try db.read { db in try Row.fetchAll(db, sql: layout) } }
        #expect(try chunks(small) == chunks(big))
        #expect(try MetricsLayout.rawSamples(small).map(\.t) == MetricsLayout.rawSamples(big).map(\.t))
        #expect(try MetricsLayout.rollups(small, resolution: 60) == MetricsLayout.rollups(big, resolution: 60))
        #expect(try small.maintainMetrics(now: end, policy: policy).rowsChanged == 0)
    }

    @Test("a late sample inside a packed span is stored in the head and wins over the packed value")
    func lateSampleWins() throws {
        let (db, end) = try Self.run(days: 0.5, every: 600, policy: .standard, compacting: true)
        let packedT = try MetricsLayout.int(db, "SELECT t0 FROM metric_chunk WHERE resolution = 0 AND series_id = 1 ORDER BY t0 LIMIT 1")
        let time = MetricTime.date(ms: packedT)
        let report = try db.recordSamples([SampleInput(series: Self.keys[0], time: time, value: -5)], now: end)
        #expect(report.late == 1)
        let window = try db.samples(seriesID: 1, from: time, to: time + 60, maxPoints: 500)
        #expect(window.points.first?.min == -5)
        #expect(window.points.map(\.count).reduce(0, +) == 5)
    }

    @Test("the file store: a 2-day, 10-series run packs well below the row layout")
    func fileStoreSize() throws {
        let simulation = try AppDatabase.simulateMetricsStorage(series: 10, interval: 10, days: 2.1)
        #expect(simulation.chunkCount > 0)
        let perRaw = Double(simulation.rawChunkDataBytes) / Double(max(simulation.rawRows, 1))
        #expect(perRaw < 10, "\(perRaw) bytes per raw sample")
        // The row layout took ~25 bytes per raw sample and ~50 per rollup (fixed pages weigh
        // more in a store this small than at 300 series).
        let rows = Double(simulation.rawRows) * 25 + Double(simulation.minuteRows + simulation.hourRows) * 50
        #expect(Double(simulation.fileBytes) < rows * 0.6)
    }
}
