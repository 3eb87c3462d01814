import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import Testing
import _OpsTestSupport

/// Sealed blocks go straight into raw chunks (never `metric_sample` rows): every read sees
/// the same samples and rollups as the row path, across block, sub-chunk and 2 h span
/// boundaries, with late samples, retention and head rows mixed in.
@Suite("Metric block packing")
struct MetricBlockPackingTests {
    /// 20 s before a 2 h span boundary (1_795_003_200 is a multiple of 7,200).
    static let t0 = Date(timeIntervalSince1970: 1_795_003_200 - 7_200 + 20)
    static let keys = (0..<6).map { MetricSeriesKey(name: "p", labels: labels($0)) }

    static func labels(_ n: Int) -> [String: String] { ["n": String(n)] }

    /// Known answer for series `i` at second `k`: distinct, non-integral, sometimes negative.
    static func value(_ i: Int, _ k: Int) -> Double { Double((k * 7 + i * 13) % 101) * 0.25 - 3 + Double(i) / 8 }

    /// Series `i` is sampled every `i + 1` seconds.
    static func tick(_ k: Int) -> [SampleInput] {
        keys.indices.filter { k % ($0 + 1) == 0 }.map { SampleInput(series: keys[$0], time: t0 + TimeInterval(k), value: value($0, k)) }
    }

    static func int(_ db: AppDatabase, _ sql: String, _ arguments: StatementArguments = []) throws -> Int64 {
        try db.read { db in try Int64.fetchOne(db, sql: sql, arguments: arguments) ?? -1 }
    }

    /// `seconds` of collection: blocks sealed every 10 s, maintenance every 10 min
    /// (after a seal, as the collector does), or the old row path with `rows`.
    static func collect(_ db: AppDatabase, seconds: Int, from: Int = 0, rows: Bool = false,
                        policy: RetentionPolicy = .standard) throws {
        for k in from..<(from + seconds) {
            let now = t0 + TimeInterval(k)
            if rows {
                try db.recordSamples(tick(k), now: now)
            } else {
                try db.bufferSamples(tick(k), now: now)
                if k % 10 == 9 { try db.sealMetricBlock() }
            }
            if k % 600 == 599 {
                try db.sealMetricBlock()
                while !(try db.maintainMetrics(now: now, policy: policy, budget: 2_000).caughtUp) {}
            }
        }
    }

    /// Series ids differ between stores (a tick's new series are created in set order):
    /// the key index of each id.
    static func keyIndex(_ db: AppDatabase) throws -> [Int64: Int64] {
        var map: [Int64: Int64] = [:]
        for i in keys.indices {
            if let id = try db.latest(name: "p", labels: labels(i))?.seriesID { map[id] = Int64(i) }
        }
        return map
    }

    /// Raw samples as (key index, t, v), sorted.
    static func raw(_ db: AppDatabase) throws -> [String] {
        let index = try keyIndex(db)
        return try MetricsLayout.rawSamples(db).map { "\(index[$0.series] ?? -1) \($0.t) \($0.v)" }.sorted()
    }

    /// Rollups with the series as its key index, sorted by it then time.
    static func rollups(_ db: AppDatabase, resolution: Int64) throws -> [MetricsLayout.Rollup] {
        let index = try keyIndex(db)
        return try MetricsLayout.rollups(db, resolution: resolution).map { rollup -> MetricsLayout.Rollup in
            var keyed = rollup
            keyed.series = index[rollup.series] ?? -1
            return keyed
        }.sorted { ($0.series, $0.t) < ($1.series, $1.t) }
    }

    /// A series' raw chunks as (t0, t1) pairs, oldest first.
    static func chunkRanges(_ db: AppDatabase, series: Int64) throws -> [(Int64, Int64)] {
        try db.read { db in
            try Row.fetchAll(db, sql: "SELECT t0, t1 FROM metric_chunk WHERE series_id = ? AND resolution = 0 ORDER BY t0",
                             arguments: [series]).map { ($0[0] as Int64, $0[1] as Int64) }
        }
    }

    @Test("2.5 h of blocks: every sample reads back exactly through samples(), none becomes a metric_sample row")
    func knownAnswers() throws {
        let dir = try TemporaryDirectory("pmops-packing")
        let db = try AppDatabase(path: dir.file("m.sqlite"))
        try Self.collect(db, seconds: 9_000)
        #expect(try Self.int(db, "SELECT count(*) FROM metric_sample") == 0)
        #expect(try Self.int(db, "SELECT count(*) FROM metric_block") == 0)
        let reader = try AppDatabase(path: dir.file("m.sqlite"))
        for i in Self.keys.indices {
            let id = try #require(try reader.latest(name: "p", labels: Self.labels(i))?.seriesID)
            // Raw windows of 1 s buckets across the span boundary (k = 7,180) and a
            // sub-chunk boundary (k = 6,000): one point per sample, its exact value.
            for (from, to) in [(7_000, 7_400), (5_900, 6_100), (0, 300), (8_700, 8_999)] {
                let window = try reader.samples(seriesID: id, from: Self.t0 + TimeInterval(from), to: Self.t0 + TimeInterval(to) - 0.001,
                                                maxPoints: to - from + 1)
                let want = (from..<to).filter { $0 % (i + 1) == 0 }
                #expect(window.resolution == MetricResolution.raw)
                let times: [Date] = window.points.map(\.time)
                let values: [Double?] = window.points.map(\.avg)
                let wantTimes: [Date] = want.map { Self.t0 + TimeInterval($0) }
                let wantValues: [Double?] = want.map { Self.value(i, $0) }
                #expect(times == wantTimes, "series \(i), \(from)..<\(to)")
                #expect(values == wantValues, "series \(i), \(from)..<\(to)")
            }
            #expect(try reader.latest(name: "p", labels: Self.labels(i))?.value == Self.value(i, 8_999 - 8_999 % (i + 1)))
            // Chunks never overlap; the closed span [t0, boundary) is one chunk after compaction.
            let ranges = try Self.chunkRanges(db, series: id)
            for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.1 < b.0) }
            #expect(ranges.filter { $0.0 < 1_795_003_200_000 }.count == 1)
            #expect(ranges.count > 2)
        }
    }

    @Test("blocks and rows give the same raw samples and the same minute and hour rollups")
    func sameAsRowPath() throws {
        let dir = try TemporaryDirectory("pmops-packing")
        let blocks = try AppDatabase(path: dir.file("b.sqlite"))
        let rows = try AppDatabase(path: dir.file("r.sqlite"))
        try Self.collect(blocks, seconds: 9_000)
        try Self.collect(rows, seconds: 9_000, rows: true)
        let packed = try Self.raw(blocks)
        let plain = try Self.raw(rows)
        #expect(packed.count == plain.count)
        let sameRaw = packed == plain
        #expect(sameRaw)
        let minutes = try Self.rollups(blocks, resolution: 60)
        #expect(minutes.count > 100)
        let sameMinutes = minutes == (try Self.rollups(rows, resolution: 60))
        #expect(sameMinutes)
        let sameHours = try Self.rollups(blocks, resolution: 3600) == Self.rollups(rows, resolution: 3600)
        #expect(sameHours)
        // A minute of series 0 (1 s samples) by hand.
        let minute = try #require(minutes.first { $0.series == 0 && $0.t == 1_795_003_200_000 - 3_600_000 })
        let ks = (0..<60).map { Int(minute.t / 1000 - Int64(Self.t0.timeIntervalSince1970)) + $0 }
        let values = ks.map { Self.value(0, $0) }
        #expect(minute.n == 60)
        #expect(minute.min == values.min())
        #expect(minute.max == values.max())
        let mean: Double = values.reduce(0, +) / 60
        let average: Double = minute.avg ?? .nan
        #expect(abs(average - mean) < 1e-12)
    }

    @Test("a late or repeated sample folds into its stored chunk, the newer value winning; a block beats a head row")
    func lateSamples() throws {
        let dir = try TemporaryDirectory("pmops-packing")
        let db = try AppDatabase(path: dir.file("m.sqlite"))
        try Self.collect(db, seconds: 1_200)
        let key = Self.keys[0]
        let id = try #require(try db.latest(name: "p", labels: Self.labels(0))?.seriesID)
        let chunksBefore = try Self.chunkRanges(db, series: id).count
        // A head row written directly, then a block sample at the same time and a late one
        // inside the first packed sub-chunk (second 100), and one repeating second 1,100.
        try db.recordSamples([SampleInput(series: key, time: Self.t0 + 1_250, value: 9_000)], now: Self.t0 + 1_250)
        try db.bufferSamples([SampleInput(series: key, time: Self.t0 + 100, value: 1_000),
                              SampleInput(series: key, time: Self.t0 + 1_100, value: 1_100),
                              SampleInput(series: key, time: Self.t0 + 1_250, value: 1_250)], now: Self.t0 + 1_260)
        try db.sealMetricBlock()
        try db.maintainMetrics(now: Self.t0 + 1_260)
        func value(at k: Int) throws -> Double? {
            try db.samples(seriesID: id, from: Self.t0 + TimeInterval(k), to: Self.t0 + TimeInterval(k) + 0.5).points.first?.avg
        }
        #expect(try value(at: 100) == 1_000)
        #expect(try value(at: 1_100) == 1_100)
        #expect(try value(at: 1_250) == 1_250)
        #expect(try value(at: 101) == Self.value(0, 101))
        #expect(try Self.int(db, "SELECT count(*) FROM metric_sample") == 0)
        let ranges = try Self.chunkRanges(db, series: id)
        for (a, b) in zip(ranges, ranges.dropFirst()) { #expect(a.1 < b.0) }
        // The late samples were folded: one chunk per overlapped stretch, none added for them.
        #expect(ranges.count <= chunksBefore + 1)
        let total = try MetricsLayout.rawSamples(db).filter { $0.series == id }.count
        #expect(total == 1_201)
    }

    @Test("retention removes packed chunks past the raw keep; older windows come from minute rollups")
    func retention() throws {
        let dir = try TemporaryDirectory("pmops-packing")
        let db = try AppDatabase(path: dir.file("m.sqlite"))
        let policy = RetentionPolicy(raw: 3_600, minute: 14 * 86_400, hour: 400 * 86_400)
        try Self.collect(db, seconds: 4 * 3_600 + 1_200, policy: policy)
        let now = Self.t0 + TimeInterval(4 * 3_600 + 1_199)
        // A deletion pass starts when its cutoff has moved 10 min, and chunks go whole.
        let cutoff = Int64((now.timeIntervalSince1970 - 3_600 - 600) * 1000)
        #expect(try Self.int(db, "SELECT count(*) FROM metric_chunk WHERE resolution = 0 AND t1 < ?", [cutoff]) == 0)
        #expect(try Self.int(db, "SELECT count(*) FROM metric_chunk WHERE resolution = 0") > 0)
        let id = try #require(try db.latest(name: "p", labels: Self.labels(1))?.seriesID)
        // The first hour is gone from raw; its minutes remain, each with 30 samples of series 1.
        let window = try db.samples(seriesID: id, from: Self.t0 + 40, to: Self.t0 + 40 + 1_799, maxPoints: 31)
        #expect(window.resolution == MetricResolution.minute)
        #expect(window.points.count == 30)
        #expect(window.points.allSatisfy { $0.count == 30 })
    }

    @Test("minutes rolled up an hour at a time: the same rollups, and a window fills the unrolled minutes from raw")
    func hourlyRollups() throws {
        let dir = try TemporaryDirectory("pmops-packing")
        let hourly = try AppDatabase(path: dir.file("h.sqlite"))
        let each = try AppDatabase(path: dir.file("e.sqlite"))
        try Self.collect(hourly, seconds: 9_000, policy: RetentionPolicy(rollupEvery: 3_600))
        try Self.collect(each, seconds: 9_000)
        let done = try Self.int(hourly, "SELECT done_until FROM metric_maintenance WHERE task = 'rollup60'")
        #expect(done == 1_795_003_200_000)
        let minutes = try Self.rollups(hourly, resolution: 60)
        #expect(minutes.count > 100)
        let same = minutes == (try Self.rollups(each, resolution: 60)).filter { $0.t < done }
        #expect(same)
        for i in Self.keys.indices {
            let id = try #require(try hourly.latest(name: "p", labels: Self.labels(i))?.seriesID)
            let window = try hourly.samples(seriesID: id, from: Self.t0 - 4 * 3_600, to: Self.t0 + 8_999)
            #expect(window.resolution == MetricResolution.minute)
            let counted: Int = window.points.map(\.count).reduce(0, +)
            let want: Int = 8_999 / (i + 1) + 1
            #expect(counted == want)
        }
    }

    @Test("a maintenance call that runs behind leaves young blocks sealed; they are packed at 5 min or when a rollup needs them")
    func youngBlocksWait() throws {
        let dir = try TemporaryDirectory("pmops-packing")
        let db = try AppDatabase(path: dir.file("m.sqlite"))
        let hourly = RetentionPolicy(rollupEvery: 3_600)
        try Self.collect(db, seconds: 600, policy: hourly)
        #expect(try Self.int(db, "SELECT count(*) FROM metric_block") == 0)
        try Self.collect(db, seconds: 120, from: 600, policy: hourly)
        try db.sealMetricBlock()
        // Two minutes old, and the hourly rollup does not reach them: not packed yet.
        try db.maintainMetrics(now: Self.t0 + 720, policy: hourly)
        #expect(try Self.int(db, "SELECT count(*) FROM metric_block") > 0)
        let id = try #require(try db.latest(name: "p", labels: Self.labels(0))?.seriesID)
        #expect(try db.latest(name: "p", labels: Self.labels(0))?.value == Self.value(0, 719))
        let window = try db.samples(seriesID: id, from: Self.t0, to: Self.t0 + 719.5, maxPoints: 721)
        #expect(window.points.map(\.count).reduce(0, +) == 720)
        // Five minutes after the oldest of them: packed.
        try db.maintainMetrics(now: Self.t0 + 901, policy: hourly)
        #expect(try Self.int(db, "SELECT count(*) FROM metric_block") == 0)
        #expect(try db.samples(seriesID: id, from: Self.t0, to: Self.t0 + 719.5, maxPoints: 721).points.map(\.count).reduce(0, +) == 720)
    }
}
