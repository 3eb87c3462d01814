import Foundation
import GRDB
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// Downsampling and retention over simulated days with a ManualClock: rollups are right,
/// no work is repeated, a small budget reaches the same end state, and nothing is deleted
/// before the next level has absorbed it.
@Suite("Metrics retention and downsampling")
struct MetricsMaintenanceTests {
    /// Not aligned to a minute or an hour, so bucket edges are exercised.
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)
    static let interval: TimeInterval = 20
    static let keys = [MetricSeriesKey(name: "load", labels: ["host": "a"]), MetricSeriesKey(name: "load", labels: ["host": "b"])]

    static func value(series: Int, tick: Int) -> Double { Double((tick * 7 + series * 3) % 11) + Double(series) * 100 + 0.5 }

    static func batch(ticks: Range<Int>) -> [SampleInput] {
        ticks.flatMap { k in
            keys.enumerated().map { i, key in SampleInput(series: key, time: t0 + TimeInterval(k) * interval, value: value(series: i, tick: k)) }
        }
    }

    /// Ingests `days` of samples, maintaining every `every` seconds of simulated time.
    static func run(days: Double, every: TimeInterval, policy: RetentionPolicy, budget: Int = 5_000) throws -> (AppDatabase, ManualClock) {
        let clock = ManualClock(t0)
        let db = try AppDatabase(inMemory: clock)
        let ticks = Int(days * 86_400 / interval)
        let step = Int(every / interval)
        var k = 0
        while k < ticks {
            let last = min(k + step, ticks)
            clock.set(t0 + TimeInterval(last) * interval)
            try db.recordSamples(batch(ticks: k..<last), now: clock.now())
            try catchUp(db, now: clock.now(), policy: policy, budget: budget)
            k = last
        }
        return (db, clock)
    }

    @discardableResult
    static func catchUp(_ db: AppDatabase, now: Date, policy: RetentionPolicy, budget: Int) throws -> Int {
        var calls = 0
        repeat { calls += 1 } while try !db.maintainMetrics(now: now, policy: policy, budget: budget).caughtUp && calls < 10_000
        return calls
    }

    struct Rollup: Equatable {
        var series: Int64, t: Int64, min: Double, avg: Double, max: Double, n: Int
    }

    /// Rollups whether they sit in head rows or packed chunks.
    static func rollups(_ db: AppDatabase, resolution: Int) throws -> [Rollup] {
        try MetricsLayout.rollups(db, resolution: Int64(resolution)).map {
            Rollup(series: $0.series, t: $0.t, min: $0.min ?? .nan, avg: $0.avg ?? .nan, max: $0.max ?? .nan, n: Int($0.n))
        }
    }

    static func int(_ db: AppDatabase, _ sql: String, _ arguments: StatementArguments = []) throws -> Int64 {
        try db.read { db in try Int64.fetchOne(db, sql: sql, arguments: arguments) ?? Int64.min }
    }

    /// What a rollup of `width` seconds must hold, computed from the generator.
    static func expected(series: Int, bucket: Int64, width: Int64) -> (min: Double, avg: Double, max: Double, n: Int) {
        let values = (0..<Int(4 * 86_400 / interval)).compactMap { k -> Double? in
            let t = Int64((t0.timeIntervalSince1970 + TimeInterval(k) * interval) * 1000)
            return t >= bucket && t < bucket + width * 1000 ? value(series: series, tick: k) : nil
        }
        return (values.min() ?? .nan, values.reduce(0, +) / Double(values.count), values.max() ?? .nan, values.count)
    }

    @Test("three days at 20 s: minute and hour rollups hold the right min/avg/max/n; retention trims every level")
    func threeDays() throws {
        let policy = RetentionPolicy(raw: 6 * 3600, minute: 86_400, hour: 2 * 86_400)
        let (db, clock) = try Self.run(days: 3, every: 600, policy: policy)
        let nowMS = Int64(clock.now().timeIntervalSince1970 * 1000)

        let minutes = try Self.rollups(db, resolution: 60)
        let hours = try Self.rollups(db, resolution: 3600)
        #expect(!minutes.isEmpty && !hours.isEmpty)
        for rollup in minutes.filter({ $0.t % 7 == 0 }).prefix(50) + hours.prefix(5) {
            let width: Int64 = hours.contains(rollup) ? 3600 : 60
            let want = Self.expected(series: Int(rollup.series - 1), bucket: rollup.t, width: width)
            #expect(rollup.n == want.n)
            #expect(rollup.min == want.min)
            #expect(rollup.max == want.max)
            #expect(abs(rollup.avg - want.avg) < 1e-9)
        }
        // A whole minute at 20 s holds 3 samples, a whole hour 180.
        #expect(minutes.filter { $0.n != 3 }.isEmpty)
        #expect(hours.filter { $0.n != 180 && $0.t > Int64(Self.t0.timeIntervalSince1970) * 1000 }.isEmpty)

        // Retention: nothing older than the cutoff of the last completed pass remains, and
        // that cutoff trails the policy by at most the pass cadence plus one maintenance call.
        let tables: [(task: String, from: String, keep: Int64, every: Int64)] = [
            ("retain_raw", "metric_sample", 6 * 3_600_000, 600_000),
            ("retain60", "metric_rollup WHERE resolution = 60", 86_400_000, 3_600_000),
            ("retain3600", "metric_rollup WHERE resolution = 3600", 2 * 86_400_000, 86_400_000),
        ]
        for table in tables {
            let cutoff = try Self.int(db, "SELECT done_until FROM metric_maintenance WHERE task = ?", [table.task])
            #expect(try Self.int(db, "SELECT min(t) FROM \(table.from)") >= cutoff, "\(table.task)")
            #expect(cutoff >= nowMS - table.keep - table.every - 600_000, "\(table.task)")
        }
        // Every complete hour since that cutoff is there, for both series.
        let hoursDone = try Self.int(db, "SELECT done_until FROM metric_maintenance WHERE task = 'rollup3600'")
        let hourCutoff = try Self.int(db, "SELECT done_until FROM metric_maintenance WHERE task = 'retain3600'")
        let firstHour = max((hourCutoff + 3_599_999) / 3_600_000, Int64(Self.t0.timeIntervalSince1970) / 3600) * 3_600_000
        #expect(hours.count == 2 * Int((hoursDone - firstHour) / 3_600_000))
    }

    @Test("once caught up, a second call at the same time finds nothing to do")
    func noRepeatedWork() throws {
        let (db, clock) = try Self.run(days: 0.5, every: 3600, policy: .standard)
        let before = try Self.rollups(db, resolution: 60)
        let report = try db.maintainMetrics(now: clock.now())
        #expect(report.rowsChanged == 0)
        #expect(report.caughtUp)
        #expect(try Self.rollups(db, resolution: 60) == before)
    }

    @Test("a tiny budget reaches the same rollups as a big one, never touching more than its budget per step")
    func budgetIsRespected() throws {
        let policy = RetentionPolicy(raw: 3600, minute: 14 * 86_400, hour: 400 * 86_400)
        let days = 0.75
        let (big, _) = try Self.run(days: days, every: days * 86_400, policy: policy, budget: 1_000_000)

        let clock = ManualClock(Self.t0)
        let small = try AppDatabase(inMemory: clock)
        let ticks = Int(days * 86_400 / Self.interval)
        clock.set(Self.t0 + TimeInterval(ticks) * Self.interval)
        try small.recordSamples(Self.batch(ticks: 0..<ticks), now: clock.now())
        var calls = 0
        while true {
            calls += 1
            let report = try small.maintainMetrics(now: clock.now(), policy: policy, budget: 7)
            // Deletions stop exactly at the budget; a rollup may finish the slice of the series
            // it is on (at most an hour of raw samples: 60 minute rows; a day of minutes: 24 hours).
            #expect(report.rawDeleted <= 7)
            #expect(report.minuteRollupsWritten <= 7 + 60 && report.hourRollupsWritten <= 7 + 24)
            if report.caughtUp || calls > 20_000 { break }
        }
        // Many calls, though fewer than row by row: compaction moves a series' span per call.
        #expect(calls > 30)
        #expect(try Self.rollups(small, resolution: 60) == Self.rollups(big, resolution: 60))
        #expect(try Self.rollups(small, resolution: 3600) == Self.rollups(big, resolution: 3600))
        // Each store deleted exactly the raw rows below its last cutoff, which trails the
        // policy by less than one pass cadence (the two reached it by different steps).
        let nowMS = Int64(clock.now().timeIntervalSince1970 * 1000)
        for db in [small, big] {
            let cutoff = try Self.int(db, "SELECT done_until FROM metric_maintenance WHERE task = 'retain_raw'")
            #expect(cutoff >= nowMS - 3_600_000 - 600_000 && cutoff <= nowMS - 3_600_000)
            let t0MS = Int64(Self.t0.timeIntervalSince1970 * 1000)
            let kept = (0..<ticks).filter { t0MS + Int64($0) * Int64(Self.interval * 1000) >= cutoff }.count
            // Head rows and packed chunks together (a chunk straddling the cutoff keeps its older samples).
            #expect(try MetricsLayout.rawSamples(db, from: cutoff).count == kept * Self.keys.count)
            #expect(try Self.int(db, "SELECT count(*) FROM metric_sample WHERE t < ?", [cutoff]) == 0)
        }
    }

    @Test("a backlog is rolled up before it is deleted: hours survive the raw and minute data they came from")
    func backlogRolledBeforeDeletion() throws {
        let clock = ManualClock(Self.t0)
        let db = try AppDatabase(inMemory: clock)
        let ticks = Int(2 * 86_400 / Self.interval)
        clock.set(Self.t0 + TimeInterval(ticks) * Self.interval)
        try db.recordSamples(Self.batch(ticks: 0..<ticks), now: clock.now())
        let policy = RetentionPolicy(raw: 3 * 3600, minute: 86_400, hour: 400 * 86_400)
        let calls = try Self.catchUp(db, now: clock.now(), policy: policy, budget: 500)
        #expect(calls > 10)

        let nowMS = Int64(clock.now().timeIntervalSince1970 * 1000)
        let firstHour = Int64(Self.t0.timeIntervalSince1970) / 3600 * 3_600_000
        let hours = try Self.rollups(db, resolution: 3600).filter { $0.series == 1 }
        let minutesDone = try Self.int(db, "SELECT done_until FROM metric_maintenance WHERE task = 'rollup60'")
        // Every hour from the first sample to the last complete one, none missing.
        #expect(hours.map(\.t) == Array(stride(from: firstHour, to: minutesDone / 3_600_000 * 3_600_000, by: 3_600_000)))
        #expect(hours.map(\.n).reduce(0, +) + (try Self.minuteSamplesAfterLastHour(db, hours: hours)) == ticks)
        // Raw data older than what minutes absorbed is never deleted, and minutes cover
        // their retention without a gap.
        let minutes = try Self.rollups(db, resolution: 60).filter { $0.series == 1 }
        let minuteTimes = Set(minutes.map(\.t))
        for t in stride(from: (nowMS - 86_400_000) / 60_000 * 60_000 + 60_000, to: minutesDone, by: 60_000) {
            #expect(minuteTimes.contains(t), "minute \(t) missing")
        }
        #expect(try Self.int(db, "SELECT min(t) FROM metric_sample") >= nowMS - 3 * 3_600_000 - 600_000)
    }

    /// Raw samples counted in minute rollups after the last hour rollup, plus raw samples
    /// not yet rolled: with the hours, they must add up to every sample of series 1.
    static func minuteSamplesAfterLastHour(_ db: AppDatabase, hours: [Rollup]) throws -> Int {
        let after = (hours.last?.t ?? 0) + 3_600_000
        let minuteN = try int(db, "SELECT coalesce(sum(n), 0) FROM metric_rollup WHERE series_id = 1 AND resolution = 60 AND t >= ?", [after])
        let minutesDone = try int(db, "SELECT done_until FROM metric_maintenance WHERE task = 'rollup60'")
        let raw = try int(db, "SELECT count(*) FROM metric_sample WHERE series_id = 1 AND t >= ?", [minutesDone])
        return Int(minuteN + raw)
    }

    @Test("an empty store maintains without error, and its first samples are rolled up from their own minute")
    func emptyStore() throws {
        let clock = ManualClock(Self.t0)
        let db = try AppDatabase(inMemory: clock)
        let report = try db.maintainMetrics(now: Self.t0)
        #expect(report.rowsChanged == 0)
        #expect(report.caughtUp)
        #expect(try Self.int(db, "SELECT count(*) FROM metric_maintenance WHERE task LIKE 'rollup%'") == 0)
        clock.advance(by: 86_400)
        try db.recordSamples(Self.batch(ticks: 4320..<4323), now: clock.now())
        clock.advance(by: 300)
        #expect(try db.maintainMetrics(now: clock.now()).minuteRollupsWritten == 2 * 2)
    }
}
