import Foundation
import GRDB
import OpsCore

/// Figures from `AppDatabase.benchmarkIngest`.
public struct MetricsIngestBenchmark: Codable, Sendable, Equatable {
    public var samples: Int
    public var series: Int
    public var batchSize: Int
    public var seconds: Double
    public var samplesPerSecond: Double
    /// Process CPU time (user + system) spent in the timed ingests: on a shared machine
    /// samples per CPU second says more than wall time.
    public var cpuSeconds: Double
    public var samplesPerCPUSecond: Double
    /// Growth of the file (page_count × page_size) per stored sample.
    public var bytesPerRawSample: Double
}

/// Figures from `AppDatabase.simulateMetricsStorage`: the store after `days` of collection.
public struct MetricsStorageSimulation: Codable, Sendable, Equatable {
    public var series: Int
    public var interval: TimeInterval
    public var days: Double
    public var rawRows: Int
    public var minuteRows: Int
    public var hourRows: Int
    /// Bytes of pages per table (`dbstat`, slack included); metric_rollup holds both resolutions.
    public var sampleTableBytes: Int64
    public var rollupTableBytes: Int64
    public var fileBytes: Int64
    public var freeBytes: Int64
    public var seconds: Double
    /// Calls to `maintainMetrics` (default budget) and the longest one: what a tick may
    /// wait behind.
    public var maintenanceCalls: Int
    public var maintenanceSeconds: Double
    public var longestMaintenanceCall: Double
}

extension AppDatabase {
    /// Ingest speed and raw-sample size on a real file store (WAL, default durability):
    /// `samples` values over `series` series, `batchSize` samples per transaction, ticks
    /// 10 s apart, non-integral values (SQLite stores whole numbers smaller).
    public static func benchmarkIngest(samples: Int, series: Int = 300, batchSize: Int = 10_000) throws(OpsError) -> MetricsIngestBenchmark {
        let directory = try BenchDirectory()
        let db = try AppDatabase(path: directory.path + "/bench.sqlite")
        let keys = (0..<max(series, 1)).map { MetricSeriesKey(name: "bench_metric", labels: ["instance": "host\($0 % 17)", "n": String($0)]) }
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        // The first tick creates the series; it is neither timed nor counted in the size.
        try db.recordSamples(keys.map { SampleInput(series: $0, time: start, value: 1.5) }, now: start)
        let before = try db.fileBytes()
        var written = 0
        var tick = 1
        var elapsed: TimeInterval = 0
        var cpu: TimeInterval = 0
        var batch: [SampleInput] = []
        batch.reserveCapacity(batchSize)
        while written < samples {
            batch.removeAll(keepingCapacity: true)
            while batch.count < batchSize, written + batch.count < samples {
                let time = start + TimeInterval(tick) * 10
                for (i, key) in keys.enumerated() where batch.count < batchSize && written + batch.count < samples {
                    batch.append(SampleInput(series: key, time: time, value: Double(tick % 977) * 1.37 + Double(i) / 7))
                }
                tick += 1
            }
            let began = Date()
            let cpuBegan = processCPUSeconds()
            let report = try db.recordSamples(batch, now: start + TimeInterval(tick) * 10)
            cpu += processCPUSeconds() - cpuBegan
            elapsed += Date().timeIntervalSince(began)
            written += report.stored
            if report.stored == 0 { break }
        }
        let after = try db.fileBytes()
        return MetricsIngestBenchmark(samples: written, series: keys.count, batchSize: batchSize, seconds: elapsed,
                                      samplesPerSecond: elapsed > 0 ? Double(written) / elapsed : 0,
                                      cpuSeconds: cpu, samplesPerCPUSecond: cpu > 0 ? Double(written) / cpu : 0,
                                      bytesPerRawSample: written > 0 ? Double(after - before) / Double(written) : 0)
    }

    /// Runs a collector for `days` of simulated time on a file store (ticks every
    /// `interval`, maintenance every `maintainEvery`) and reports what the file holds,
    /// so the size formula in `RetentionPolicy` is measured, not guessed.
    public static func simulateMetricsStorage(series: Int, interval: TimeInterval = 10, days: Double,
                                              policy: RetentionPolicy = .standard,
                                              maintainEvery: TimeInterval = 600) throws(OpsError) -> MetricsStorageSimulation {
        let directory = try BenchDirectory()
        let db = try AppDatabase(path: directory.path + "/simulation.sqlite")
        // Durability is not what is measured here; without this every commit waits for the disk.
        do {
            try db.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = OFF") }
        } catch {
            throw StoreErrors.map(error, path: db.path)
        }
        let keys = (0..<max(series, 1)).map { MetricSeriesKey(name: "sim_metric", labels: ["n": String($0)]) }
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let ticks = Int(days * 86_400 / interval)
        let ticksPerMaintenance = max(Int(maintainEvery / interval), 1)
        let began = Date()
        var batch: [SampleInput] = []
        var tick = 0
        var calls = 0
        var maintenance: TimeInterval = 0
        var longest: TimeInterval = 0
        while tick < ticks {
            batch.removeAll(keepingCapacity: true)
            let last = min(tick + ticksPerMaintenance, ticks)
            for k in tick..<last {
                let time = start + TimeInterval(k) * interval
                for (i, key) in keys.enumerated() {
                    batch.append(SampleInput(series: key, time: time, value: Double((k * 31 + i) % 977) * 1.37 + 0.01))
                }
            }
            tick = last
            let now = start + TimeInterval(tick) * interval
            try db.recordSamples(batch, now: now)
            var caughtUp = false
            while !caughtUp {
                let callBegan = Date()
                caughtUp = try db.maintainMetrics(now: now, policy: policy).caughtUp
                let took = Date().timeIntervalSince(callBegan)
                calls += 1
                maintenance += took
                longest = max(longest, took)
            }
        }
        let seconds = Date().timeIntervalSince(began)
        return try db.read { db in
            func bytes(_ table: String) throws -> Int64 {
                try Int64.fetchOne(db, sql: "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = ?", arguments: [table]) ?? 0
            }
            let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return MetricsStorageSimulation(
                series: keys.count, interval: interval, days: days,
                rawRows: try Int.fetchOne(db, sql: "SELECT count(*) FROM metric_sample") ?? 0,
                minuteRows: try Int.fetchOne(db, sql: "SELECT count(*) FROM metric_rollup WHERE resolution = 60") ?? 0,
                hourRows: try Int.fetchOne(db, sql: "SELECT count(*) FROM metric_rollup WHERE resolution = 3600") ?? 0,
                sampleTableBytes: try bytes("metric_sample"), rollupTableBytes: try bytes("metric_rollup"),
                fileBytes: (try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0) * pageSize,
                freeBytes: (try Int64.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0) * pageSize,
                seconds: seconds, maintenanceCalls: calls, maintenanceSeconds: maintenance, longestMaintenanceCall: longest)
        }
    }

    /// The database's logical size: page_count × page_size (WAL frames included).
    func fileBytes() throws(OpsError) -> Int64 {
        try read { db in
            (try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0) * (try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
        }
    }
}

/// User plus system CPU time of the whole process so far.
private func processCPUSeconds() -> TimeInterval {
    var usage = rusage()
    #if os(Linux)
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    #else
    getrusage(RUSAGE_SELF, &usage)
    #endif
    func seconds(_ t: timeval) -> TimeInterval { TimeInterval(t.tv_sec) + TimeInterval(t.tv_usec) / 1_000_000 }
    return seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// A private temporary directory for a benchmark store, removed afterwards.
private final class BenchDirectory {
    let path: String

    init() throws(OpsError) {
        var template = Array((NSTemporaryDirectory() + "/pmops-metrics-bench-XXXXXX").utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return mkdtemp(base) != nil
        }
        guard made else { throw .failure("Cannot create a benchmark directory: \(String(cString: strerror(errno))).") }
        path = String(decoding: template.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}
