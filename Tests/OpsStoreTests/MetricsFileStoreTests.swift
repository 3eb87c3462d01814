import Foundation
import GRDB
import OpsCore
import OpsStore
import OpsFixtures
import Testing
import _OpsTestSupport

/// The metrics tables on a real file (WAL pool): sizes per row, readers on other
/// connections, the benchmark entry points.
@Suite("Metrics on a file store")
struct MetricsFileStoreTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)

    static func bytes(_ db: AppDatabase) throws -> Int64 {
        try db.read { db in
            (try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0) * (try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
        }
    }

    @Test("a raw sample costs well under 64 bytes of file, written tick by tick over 300 series")
    func bytesPerSample() throws {
        let dir = try TemporaryDirectory("pmops-metrics")
        let db = try AppDatabase(path: dir.file("m.sqlite"))
        let keys = (0..<300).map { MetricSeriesKey(name: "m", labels: ["n": String($0)]) }
        try db.recordSamples(keys.map { SampleInput(series: $0, time: Self.t0, value: 0.5) }, now: Self.t0)
        let before = try Self.bytes(db)
        let ticks = 60
        for k in 1...ticks {
            let time = Self.t0 + TimeInterval(k * 10)
            try db.recordSamples(keys.enumerated().map { SampleInput(series: $1, time: time, value: Double(k * 300 + $0) * 1.37) },
                                 now: time)
        }
        let perSample = Double(try Self.bytes(db) - before) / Double(ticks * keys.count)
        #expect(perSample > 16 && perSample < 64, "\(perSample) bytes per sample")
    }

    @Test("a second connection to the file sees whole ticks only")
    func readersSeeWholeTicks() throws {
        let dir = try TemporaryDirectory("pmops-metrics")
        let writer = try AppDatabase(path: dir.file("m.sqlite"))
        let reader = try AppDatabase(path: dir.file("m.sqlite"))
        let keys = (0..<50).map { MetricSeriesKey(name: "m", labels: ["n": String($0)]) }
        for k in 0..<20 {
            let time = Self.t0 + TimeInterval(k * 10)
            try writer.recordSamples(keys.map { SampleInput(series: $0, time: time, value: 1) }, now: time)
            let count = try reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM metric_sample") ?? -1 }
            #expect(count == (k + 1) * keys.count)
        }
        // The reader's own ingest finds the writer's series rather than duplicating them.
        let report = try reader.recordSamples(keys.map { SampleInput(series: $0, time: Self.t0 + 1000, value: 2) }, now: Self.t0 + 1000)
        #expect(report.newSeries == 0)
    }

    @Test("benchmarkIngest and simulateMetricsStorage run and report consistent figures")
    func benchmarks() throws {
        let ingest = try AppDatabase.benchmarkIngest(samples: 30_000, series: 300, batchSize: 3_000)
        #expect(ingest.samples == 30_000)
        #expect(ingest.samplesPerSecond > 0)
        #expect(ingest.bytesPerRawSample > 16 && ingest.bytesPerRawSample < 64)
        let simulation = try AppDatabase.simulateMetricsStorage(series: 3, interval: 60, days: 2.5)
        // Raw kept 48 h (plus at most one pass cadence and one 2 h chunk), minutes for the whole
        // run, hours complete.
        #expect(simulation.rawRows >= 3 * 48 * 60 && simulation.rawRows <= 3 * (48 * 60 + 120 + 21))
        #expect(simulation.minuteRows >= 3 * (60 * 60 - 12))
        #expect(simulation.hourRows >= 3 * 58)
        #expect(simulation.sampleTableBytes > 0 && simulation.rollupTableBytes > 0 && simulation.chunkTableBytes > 0)
    }
}
