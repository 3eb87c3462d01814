import Foundation
import GRDB
import OpsCore
import OpsStore
import Testing
import _OpsTestSupport

/// Reads: names, label matching, latest values, and windows that pick their table by span,
/// never exceed maxPoints and never lag behind the samples.
@Suite("Metrics queries")
struct MetricsQueryTests {
    /// Aligned to an hour, so window edges fall on bucket edges.
    static let t0 = Date(timeIntervalSince1970: 1_794_999_600)

    /// `days` of one sample every `interval` for "temp{room=a}" (value = minute of the hour)
    /// and a few other series, maintained to `t0 + days`.
    static func store(days: Double, interval: TimeInterval = 30) throws -> (AppDatabase, Int64, Date) {
        let clock = ManualClock(t0)
        let db = try AppDatabase(inMemory: clock)
        let temp = MetricSeriesKey(name: "temp", labels: ["room": "a"])
        let ticks = Int(days * 86_400 / interval)
        var batch: [SampleInput] = []
        for k in 0..<ticks {
            let time = t0 + TimeInterval(k) * interval
            batch.append(SampleInput(series: temp, time: time, value: Double(Int(time.timeIntervalSince1970) / 60 % 60)))
        }
        let end = t0 + TimeInterval(ticks) * interval
        clock.set(end)
        try db.recordSamples(batch + [
            SampleInput(name: "temp", labels: ["room": "b", "floor": "1"], time: end - 1, value: 20),
            SampleInput(name: "cpu", labels: ["core": "0"], time: end - 1, value: 0.5),
        ], now: end)
        while try !db.maintainMetrics(now: end, budget: 100_000).caughtUp {}
        let id = try #require(try db.series(matching: "temp", labels: ["room": "a"]).first?.id)
        return (db, id, end)
    }

    @Test("names are distinct and sorted; label matching is a subset match")
    func namesAndSeries() throws {
        let (db, _, _) = try Self.store(days: 0.01)
        #expect(try db.metricNames() == ["cpu", "temp"])
        #expect(try db.series(matching: "temp").count == 2)
        #expect(try db.series(matching: "temp", labels: ["floor": "1"]).map(\.labels) == [["room": "b", "floor": "1"]])
        #expect(try db.series(matching: "temp", labels: ["room": "c"]).isEmpty)
        #expect(try db.series(matching: "nope").isEmpty)
    }

    @Test("latest is the newest raw sample of the series with exactly those labels")
    func latest() throws {
        let (db, id, end) = try Self.store(days: 0.01)
        let latest = try #require(try db.latest(name: "temp", labels: ["room": "a"]))
        #expect(latest.seriesID == id)
        #expect(latest.time == end - 30)
        #expect(try db.latest(name: "temp", labels: ["room": "b", "floor": "1"])?.value == 20)
        #expect(try db.latest(name: "temp") == nil)
    }

    @Test("a window of up to 6 h reads raw samples, each in its own bucket when there is room")
    func rawWindow() throws {
        let (db, id, end) = try Self.store(days: 0.5)
        let window = try db.samples(seriesID: id, from: end - 3600, to: end, maxPoints: 500)
        #expect(window.resolution == .raw)
        #expect(window.points.count == 120)
        #expect(window.points.allSatisfy { $0.count == 1 && $0.min == $0.max })
        #expect(window.points.last?.avg == Double(Int((end - 30).timeIntervalSince1970) / 60 % 60))
    }

    @Test("a window of a day reads minute rollups plus the raw tail, and counts every sample once")
    func minuteWindow() throws {
        let (db, id, end) = try Self.store(days: 2)
        let window = try db.samples(seriesID: id, from: end - 86_400, to: end, maxPoints: 300)
        #expect(window.resolution == .minute)
        #expect(window.points.count <= 300)
        #expect(window.bucket.truncatingRemainder(dividingBy: 60) == 0)
        // 2 samples a minute for 24 h; the newest minute is not rolled up yet and still counted.
        #expect(window.points.map(\.count).reduce(0, +) == 2880)
        let lastTime = try #require(window.points.last?.time)
        #expect(lastTime <= end - 30 && lastTime > end - 30 - window.bucket)
        #expect(window.points.allSatisfy { ($0.min ?? -1) >= 0 && ($0.max ?? 99) <= 59 })
    }

    @Test("a window beyond 14 days reads hour rollups, with the newest hours from minutes and raw")
    func hourWindow() throws {
        let (db, id, end) = try Self.store(days: 16, interval: 300)
        let window = try db.samples(seriesID: id, from: end - 15 * 86_400, to: end, maxPoints: 100)
        #expect(window.resolution == .hour)
        #expect(window.points.count <= 100)
        #expect(window.bucket.truncatingRemainder(dividingBy: 3600) == 0)
        #expect(window.points.map(\.count).reduce(0, +) == 15 * 288)
        // Each hour holds minutes 0…59 of the hour: min 0, max 55 at 5-minute samples.
        #expect(window.points.dropLast().allSatisfy { $0.min == 0 && $0.max == 55 })
    }

    @Test("a short window older than the raw retention falls back to minute rollups")
    func oldShortWindow() throws {
        let (db, id, end) = try Self.store(days: 3)
        let from = end - 2.5 * 86_400
        let window = try db.samples(seriesID: id, from: from, to: from + 3600, maxPoints: 500)
        #expect(window.resolution == .minute)
        // Both ends are inclusive: 61 minute rollups start within the hour.
        #expect(window.points.count == 61)
        #expect(window.points.allSatisfy { $0.count == 2 })
    }

    @Test("never more than maxPoints points, whatever the span", arguments: [2, 3, 7, 60, 499])
    func maxPointsBound(maxPoints: Int) throws {
        let (db, id, end) = try Self.store(days: 1)
        for span in [0, 59, 3600, 5 * 3600 + 17, 6 * 3600 + 1, 86_400, 90_000] as [TimeInterval] {
            let window = try db.samples(seriesID: id, from: end - span - 7, to: end - 7, maxPoints: maxPoints)
            #expect(window.points.count <= maxPoints, "span \(span): \(window.points.count) points")
        }
    }

    @Test("maxPoints below 2 and reversed ranges are refused")
    func invalidWindows() throws {
        let (db, id, end) = try Self.store(days: 0.01)
        #expect(opsError { () throws(OpsError) in try db.samples(seriesID: id, from: end - 60, to: end, maxPoints: 1) }?.exitCode == 2)
        #expect(opsError { () throws(OpsError) in try db.samples(seriesID: id, from: end, to: end - 60) }?.exitCode == 2)
        #expect(try db.samples(seriesID: 999, from: end - 60, to: end).points.isEmpty)
    }

    @Test("series listing: name text and label terms AND-ed in SQL, paged in name order, newest value from the unsealed buffer")
    func seriesListing() throws {
        let (db, _, end) = try Self.store(days: 0.01)
        #expect(try db.seriesCount() == 3)
        #expect(try db.seriesPage(offset: 0, limit: 10).map(\.series.name) == ["cpu", "temp", "temp"])
        #expect(try db.seriesPage(offset: 1, limit: 1).map(\.series.labels) == [["floor": "1", "room": "b"]])
        #expect(try db.seriesCount(MetricSeriesFilter(nameContains: ["TEM"])) == 2)
        #expect(try db.seriesCount(MetricSeriesFilter(nameContains: ["te", "mp"], labels: ["room": "b"])) == 1)
        #expect(try db.seriesCount(MetricSeriesFilter(labels: ["room": "b", "floor": "2"])) == 0)
        #expect(try db.seriesCount(MetricSeriesFilter(labels: ["room": "a' OR 1=1 --"])) == 0, "values are bound, not spliced")
        // A sample only in this process's buffer (not sealed yet) is the newest value.
        try db.bufferSamples([SampleInput(name: "cpu", labels: ["core": "0"], time: end + 5, value: 0.9)], now: end + 5)
        let cpu = try #require(try db.seriesPage(MetricSeriesFilter(labels: ["core": "0"]), offset: 0, limit: 5).first)
        #expect(cpu.latest?.value == 0.9 && cpu.latest?.time == end + 5)
        #expect(try db.seriesPage(offset: 0, limit: 0).isEmpty)
    }
}
