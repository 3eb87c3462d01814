import Foundation
internal import GRDB
import OpsCore
import OpsStore

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
    /// Entries kept at each level, head rows and packed chunks together (chunks go whole, so
    /// up to one chunk span per series may be older than the retention).
    public var rawRows: Int
    public var minuteRows: Int
    public var hourRows: Int
    /// Bytes of pages per table (`dbstat`, slack included); metric_rollup holds both
    /// resolutions, the chunk figure includes its key index.
    public var sampleTableBytes: Int64
    public var rollupTableBytes: Int64
    public var chunkTableBytes: Int64
    public var chunkCount: Int
    /// The blobs alone, without row and page overhead, per resolution.
    public var rawChunkDataBytes: Int64
    public var minuteChunkDataBytes: Int64
    public var hourChunkDataBytes: Int64
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

    /// Runs a collector for `days` of simulated time on a file store and reports what the
    /// file holds, so the size formula in `RetentionPolicy` is measured, not guessed.
    ///
    /// As production does: one transaction per tick (every `interval`, dated with 0–30 ms
    /// of scheduling jitter), `maintainMetrics` with the collector's budget (2,000) every
    /// `maintainEvery` and again every tick while it reports `caughtUp == false`.
    ///
    /// Series shapes, by `series index % 20` (`SimulatedSeries`): 6/20 CPU busy % from
    /// jiffy-counter deltas (full-precision fractions), 4/20 bytes/s rates (counter delta
    /// over the jittered elapsed time), 3/20 integer gauges (queue depth, random walk
    /// 0–200), 3/20 slowly varying byte counts (memory/disk used: a multiple of 4096 that
    /// changes on 30 % of ticks), 2/20 up flags (1, with a 0 on 0.1 % of ticks), 2/20
    /// latencies in seconds (probe round trips, full precision, 0.2–40 ms).
    public static func simulateMetricsStorage(series: Int, interval: TimeInterval = 10, days: Double,
                                              policy: RetentionPolicy = .standard, maintainEvery: TimeInterval = 60,
                                              budget: Int = 2_000) throws(OpsError) -> MetricsStorageSimulation {
        let directory = try BenchDirectory()
        let db = try AppDatabase(path: directory.path + "/simulation.sqlite")
        // Durability is not what is measured here; without this every commit waits for the disk.
        do {
            try db.writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = OFF") }
        } catch {
            throw StoreErrors.map(error, path: db.path)
        }
        let keys = (0..<max(series, 1)).map { MetricSeriesKey(name: "sim_metric", labels: ["n": String($0)]) }
        var shapes = keys.indices.map { SimulatedSeries(index: $0) }
        var random = SplitMix64(seed: 42)
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let ticks = Int(days * 86_400 / interval)
        let began = Date()
        var batch: [SampleInput] = []
        batch.reserveCapacity(keys.count)
        var calls = 0
        var maintenance: TimeInterval = 0
        var longest: TimeInterval = 0
        var lastMaintenance = -Double.infinity
        var behind = false
        var previousTime = start
        for tick in 0..<ticks {
            let jitter = Double(random.next() % 31) / 1000
            let time = start + TimeInterval(tick) * interval + jitter
            let elapsed = tick == 0 ? interval : time.timeIntervalSince(previousTime)
            previousTime = time
            batch.removeAll(keepingCapacity: true)
            for i in keys.indices {
                batch.append(SampleInput(series: keys[i], time: time, value: shapes[i].next(elapsed: elapsed, random: &random)))
            }
            try db.recordSamples(batch, now: time)
            let now = time.timeIntervalSince1970
            guard behind || now - lastMaintenance >= maintainEvery else { continue }
            lastMaintenance = now
            let callBegan = Date()
            behind = !(try db.maintainMetrics(now: time, policy: policy, budget: budget).caughtUp)
            let took = Date().timeIntervalSince(callBegan)
            calls += 1
            maintenance += took
            longest = max(longest, took)
        }
        let seconds = Date().timeIntervalSince(began)
        return try db.read { db in
            func bytes(_ table: String) throws -> Int64 {
                try Int64.fetchOne(db, sql: "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name = ?", arguments: [table]) ?? 0
            }
            func count(_ sql: String) throws -> Int { try Int.fetchOne(db, sql: sql) ?? 0 }
            let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0
            return MetricsStorageSimulation(
                series: keys.count, interval: interval, days: days,
                rawRows: try count("SELECT count(*) FROM metric_sample")
                    + count("SELECT coalesce(sum(n), 0) FROM metric_chunk WHERE resolution = 0"),
                minuteRows: try count("SELECT count(*) FROM metric_rollup WHERE resolution = 60")
                    + count("SELECT coalesce(sum(n), 0) FROM metric_chunk WHERE resolution = 60"),
                hourRows: try count("SELECT count(*) FROM metric_rollup WHERE resolution = 3600")
                    + count("SELECT coalesce(sum(n), 0) FROM metric_chunk WHERE resolution = 3600"),
                sampleTableBytes: try bytes("metric_sample"), rollupTableBytes: try bytes("metric_rollup"),
                chunkTableBytes: try bytes("metric_chunk") + bytes("metric_chunk_key"),
                chunkCount: try count("SELECT count(*) FROM metric_chunk"),
                rawChunkDataBytes: Int64(try count("SELECT coalesce(sum(length(data)), 0) FROM metric_chunk WHERE resolution = 0")),
                minuteChunkDataBytes: Int64(try count("SELECT coalesce(sum(length(data)), 0) FROM metric_chunk WHERE resolution = 60")),
                hourChunkDataBytes: Int64(try count("SELECT coalesce(sum(length(data)), 0) FROM metric_chunk WHERE resolution = 3600")),
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
final class BenchDirectory {
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

/// One simulated series of `simulateMetricsStorage`: the shape is chosen by index (see there).
struct SimulatedSeries {
    enum Shape { case cpuPercent, bytesRate, gauge, slowBytes, upFlag, latency }

    let shape: Shape
    private var level: Double
    private var counter: Double = 0

    init(index: Int) {
        switch index % 20 {
        case 0..<6: shape = .cpuPercent
        case 6..<10: shape = .bytesRate
        case 10..<13: shape = .gauge
        case 13..<16: shape = .slowBytes
        case 16..<18: shape = .upFlag
        default: shape = .latency
        }
        level = Double(index % 7 + 1)
    }

    mutating func next(elapsed: TimeInterval, random: inout SplitMix64) -> Double {
        switch shape {
        case .cpuPercent:
            // Busy and total jiffies over the tick, as /proc/stat deltas give them.
            let total = 1000 + Double(random.next() % 7) - 3
            level = min(max(level + Double(Int(random.next() % 41) - 20), 0), total)
            return level / total * 100
        case .bytesRate:
            level = max(level + Double(Int(random.next() % 20_001) - 10_000), 1000)
            let increase = (level * 10 + Double(random.next() % 4096)).rounded()
            counter += increase
            return increase / elapsed
        case .gauge:
            level = min(max(level + Double(Int(random.next() % 5) - 2), 0), 200)
            return level
        case .slowBytes:
            if counter == 0 { counter = 2_000_000_000 + level * 1_000_000_000 }
            if random.next() % 10 < 3 { counter += Double(Int(random.next() % 65) - 32) * 4096 }
            return counter
        case .upFlag:
            return random.next() % 1000 == 0 ? 0 : 1
        case .latency:
            let base = 0.0002 + Double(random.next() % 1000) / 1_000_000
            let spike = random.next() % 50 == 0 ? Double(random.next() % 40_000) / 1_000_000 : 0
            return base + spike + Double(random.next() % 1_000_003) / 1e12
        }
    }
}

/// A small deterministic generator, so every simulation run stores the same values.
public typealias SplitMix64 = DemoStaff.Generator
