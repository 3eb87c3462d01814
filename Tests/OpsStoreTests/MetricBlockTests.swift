import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import Testing
import _OpsTestSupport

/// The collector's buffered write path: samples wait in memory, are sealed as one packed
/// `metric_block` row, and maintenance packs blocks into raw chunks.
@Suite("Metric blocks")
struct MetricBlockTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_000_020)
    static let keys = (0..<40).map { MetricSeriesKey(name: "m", labels: labels($0)) }

    static func labels(_ n: Int) -> [String: String] { ["n": String(n)] }

    static func tick(_ k: Int) -> [SampleInput] {
        keys.enumerated().map { SampleInput(series: $1, time: t0 + TimeInterval(k), value: Double(k * 40 + $0) * 0.5) }
    }

    static func count(_ db: AppDatabase, _ sql: String) throws -> Int {
        try db.read { db in try Int.fetchOne(db, sql: sql) ?? -1 }
    }

    @Test("a block round-trips every series, and one series is read without the others")
    func codecRoundTrip() throws {
        var series: [MetricBlockCodec.Series] = []
        for id in 1...50 {
            let times: [Int64] = (0..<7).map { Int64(1_795_000_000_000 + $0 * 1000 + id) }
            let values: [Double] = (0..<7).map { Double($0 * id) * 1.37 - 2 }
            series.append(MetricBlockCodec.Series(id: Int64(id * 3), times: times, values: values))
        }
        let bytes = MetricBlockCodec.encode(series)
        let all: [MetricBlockCodec.Series] = try bytes.withUnsafeBytes { raw throws(ChunkCodecError) in try MetricBlockCodec.decodeAll(raw) }
        #expect(all.map(\.id) == series.map(\.id))
        #expect(all.map(\.times) == series.map(\.times))
        #expect(all.map(\.values) == series.map(\.values))
        let one: (times: [Int64], values: [Double])? = try bytes.withUnsafeBytes { raw throws(ChunkCodecError) in try MetricBlockCodec.samples(of: 60, in: raw) }
        #expect(one?.values == series[19].values)
        #expect(try bytes.withUnsafeBytes { raw throws(ChunkCodecError) in try MetricBlockCodec.samples(of: 61, in: raw) } == nil)
        // Every truncation is an error, never a trap.
        for cut in 0..<bytes.count {
            let short = Array(bytes[0..<cut])
            #expect(throws: ChunkCodecError.self) { try short.withUnsafeBytes { raw throws(ChunkCodecError) in try MetricBlockCodec.decodeAll(raw) } }
        }
    }

    @Test("buffered samples are read at once by the writing store, by other connections once sealed")
    func visibility() throws {
        let dir = try TemporaryDirectory("pmops-blocks")
        let writer = try AppDatabase(path: dir.file("m.sqlite"))
        let reader = try AppDatabase(path: dir.file("m.sqlite"))
        let labels = Self.labels(3)
        for k in 0..<5 { try writer.bufferSamples(Self.tick(k), now: Self.t0 + TimeInterval(k)) }
        #expect(writer.bufferedSampleCount == 200)
        #expect(try writer.latest(name: "m", labels: labels)?.value == Double(4 * 40 + 3) * 0.5)
        #expect(try reader.latest(name: "m", labels: labels) == nil)
        #expect(try writer.sealMetricBlock() == 200)
        #expect(writer.bufferedSampleCount == 0)
        #expect(try Self.count(writer, "SELECT count(*) FROM metric_block") == 1)
        #expect(try Self.count(writer, "SELECT count(*) FROM metric_sample") == 0)
        #expect(try reader.latest(name: "m", labels: labels)?.value == Double(4 * 40 + 3) * 0.5)
        // Sealed, buffered and head samples make one window.
        try writer.bufferSamples(Self.tick(5), now: Self.t0 + 5)
        let id = try #require(try writer.latest(name: "m", labels: labels)?.seriesID)
        let window: MetricWindow = try writer.samples(seriesID: id, from: Self.t0, to: Self.t0 + 10)
        #expect(window.points.map(\.count).reduce(0, +) == 6)
    }

    @Test("maintenance packs sealed blocks into raw chunks before rolling minutes up")
    func drain() throws {
        let dir = try TemporaryDirectory("pmops-blocks")
        let db = try AppDatabase(path: dir.file("m.sqlite"))
        for k in 0..<120 {
            try db.bufferSamples(Self.tick(k), now: Self.t0 + TimeInterval(k))
            if k % 5 == 4 { try db.sealMetricBlock() }
        }
        #expect(try Self.count(db, "SELECT count(*) FROM metric_block") == 24)
        let report = try db.maintainMetrics(now: Self.t0 + 200)
        #expect(report.blockSamplesMoved == 120 * 40)
        #expect(try Self.count(db, "SELECT count(*) FROM metric_block") == 0)
        #expect(try Self.count(db, "SELECT count(*) FROM metric_sample") == 0)
        #expect(try Self.count(db, "SELECT coalesce(sum(n), 0) FROM metric_chunk WHERE resolution = 0") == 120 * 40)
        #expect(report.minuteRollupsWritten > 0)
        let id = try #require(try db.latest(name: "m", labels: Self.labels(0))?.seriesID)
        let window: MetricWindow = try db.samples(seriesID: id, from: Self.t0, to: Self.t0 + 120)
        #expect(window.points.map(\.count).reduce(0, +) == 120)
    }

    @Test("a sample buffered twice for one time keeps the later value")
    func lastWriteWins() throws {
        let dir = try TemporaryDirectory("pmops-blocks")
        let db = try AppDatabase(path: dir.file("m.sqlite"))
        try db.bufferSamples([SampleInput(series: Self.keys[0], time: Self.t0 + 1, value: 1)], now: Self.t0 + 1)
        try db.bufferSamples([SampleInput(series: Self.keys[0], time: Self.t0, value: 5),
                              SampleInput(series: Self.keys[0], time: Self.t0 + 1, value: 2)], now: Self.t0 + 1)
        #expect(try db.latest(name: "m", labels: Self.labels(0))?.value == 2)
        try db.sealMetricBlock()
        #expect(try db.latest(name: "m", labels: Self.labels(0))?.value == 2)
        let id = try #require(try db.latest(name: "m", labels: Self.labels(0))?.seriesID)
        #expect(try db.samples(seriesID: id, from: Self.t0, to: Self.t0 + 2).points.map(\.count).reduce(0, +) == 2)
    }
}
