import Foundation
import OpsCore
import OpsStore

/// Figures from `AppDatabase.simulateCollectorWrites`: what the collector's sample path
/// writes to the disk per stored sample.
public struct CollectorWriteSimulation: Codable, Sendable, Equatable {
    public var hours: Double
    public var blocksIntoRows: Bool
    /// `RetentionPolicy.rollupEvery` of the run (the collector uses 3,600).
    public var rollupEvery: TimeInterval
    public var series: Int
    /// Samples stored in the measured stretch (after the warm-up).
    public var samples: Int
    /// Bytes handed to write(2) (`/proc/self/io` wchar): WAL frames and checkpoint copies,
    /// every one counted even when the kernel would have merged two writes of one page.
    public var bytesWritten: Int64
    /// `/proc/self/io` write_bytes: what reached the page cache as newly dirtied pages. In a
    /// simulation hours pass in seconds, so pages rewritten before writeback count once;
    /// live, with writeback every ~30 s, the figure lies between this and `bytesWritten`.
    public var diskBytes: Int64
    public var bytesPerSample: Double
    public var diskBytesPerSample: Double
    public var seals: Int
    public var maintenanceCalls: Int
    public var seconds: Double
}

extension AppDatabase {
    /// The collector's store-side write path for `hours` of simulated time on a real file
    /// store (WAL, default durability), as `Collector` drives it for the demo: `fast` series
    /// sampled every second and `slow` series every 10 s (the default 36 + 25 give ~38
    /// samples/s over 61 series, the live demo's rate), three sources' statuses every tick,
    /// `bufferSamples` each tick, `sealMetricBlock` every `sealEvery`, and (after a forced
    /// seal) `maintainMetrics` with the collector's budget every `maintainEvery`, again every
    /// tick while it is behind. The first 10 minutes are a warm-up and not measured; run
    /// 2.5 h or more so a 2 h raw span closes inside the measurement. Not simulated: the
    /// lease heartbeat and alert writes (the live `bench footprint` run includes them).
    /// The store first gets the demo's week of 10-minute history, rolled up and packed.
    /// `blocksIntoRows` runs the path before sealed blocks went straight into chunks.
    public static func simulateCollectorWrites(hours: Double, fast: Int = 36, slow: Int = 25,
                                               sealEvery: TimeInterval = 10, maintainEvery: TimeInterval = 600,
                                               budget: Int = 2_000, policy: RetentionPolicy = .standard,
                                               blocksIntoRows: Bool = false) throws(OpsError) -> CollectorWriteSimulation {
        let directory = try BenchDirectory()
        let db = try AppDatabase(path: directory.path + "/writes.sqlite")
        let keys = (0..<max(fast + slow, 1)).map { MetricSeriesKey(name: "sim_metric", labels: ["n": String($0)]) }
        var shapes = keys.indices.map { SimulatedSeries(index: $0) }
        var random = SplitMix64(seed: 7)
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        // The demo's week of history (every 10 min, as DemoHistory backfills it), rolled up
        // and packed, so the rollup and chunk trees are as deep as in the demo store.
        var history: [SampleInput] = []
        for step in stride(from: -7 * 86_400, to: 0, by: 600) {
            let time = start + TimeInterval(step)
            for i in keys.indices { history.append(SampleInput(series: keys[i], time: time, value: shapes[i].next(elapsed: 600, random: &random))) }
        }
        try db.recordSamples(history, now: start)
        while !(try db.maintainMetrics(now: start, budget: 50_000).caughtUp) {}
        let ticks = Int(hours * 3600)
        let warmUp = 600
        var counters: (wchar: Int64, disk: Int64) = (0, 0)
        var samples = 0
        var seals = 0
        var calls = 0
        var lastSeal = -Double.infinity
        var lastMaintenance = -Double.infinity
        var behind = false
        var batch: [SampleInput] = []
        let began = Date()
        for tick in 0..<ticks {
            if tick == warmUp { counters = ProcessIO.read() }
            let time = start + TimeInterval(tick) + Double(random.next() % 31) / 1000
            batch.removeAll(keepingCapacity: true)
            for i in keys.indices where i < fast || tick % 10 == 0 {
                batch.append(SampleInput(series: keys[i], time: time, value: shapes[i].next(elapsed: i < fast ? 1 : 10, random: &random)))
            }
            let statuses = ["demo", "host", "probes"].map {
                SourceStatusInput(source: $0, up: true, lastError: nil, lastSuccess: time, lastAttempt: time, consecutiveFailures: 0)
            }
            let report = try db.bufferSamples(batch, sourceStatus: statuses, now: time)
            if tick >= warmUp { samples += report.stored }
            let now = time.timeIntervalSince1970
            let maintain = behind || now - lastMaintenance >= maintainEvery
            if maintain || now - lastSeal >= sealEvery {
                try db.sealMetricBlock()
                lastSeal = now
                seals += 1
            }
            guard maintain else { continue }
            lastMaintenance = now
            let maintained = blocksIntoRows ? try db.maintainMetricsDrainingBlocksIntoRows(now: time, policy: policy, budget: budget)
                : try db.maintainMetrics(now: time, policy: policy, budget: budget)
            behind = !maintained.caughtUp
            calls += 1
        }
        try db.sealMetricBlock()
        let end = ProcessIO.read()
        let written = end.wchar - counters.wchar
        let disk = end.disk - counters.disk
        return CollectorWriteSimulation(hours: hours, blocksIntoRows: blocksIntoRows, rollupEvery: policy.rollupEvery, series: keys.count, samples: samples, bytesWritten: written, diskBytes: disk,
                                        bytesPerSample: samples > 0 ? Double(written) / Double(samples) : 0,
                                        diskBytesPerSample: samples > 0 ? Double(disk) / Double(samples) : 0,
                                        seals: seals, maintenanceCalls: calls, seconds: Date().timeIntervalSince(began))
    }
}

/// `/proc/self/io`: wchar and write_bytes (zeros where the file does not exist).
enum ProcessIO {
    static func read() -> (wchar: Int64, disk: Int64) {
        guard let text = try? String(contentsOfFile: "/proc/self/io", encoding: .utf8) else { return (0, 0) }
        var result: (wchar: Int64, disk: Int64) = (0, 0)
        for line in text.split(separator: "\n") {
            let parts = line.split(separator: ":")
            guard parts.count == 2, let value = Int64(parts[1].trimmingCharacters(in: .whitespaces)) else { continue }
            if parts[0] == "wchar" { result.wchar = value }
            if parts[0] == "write_bytes" { result.disk = value }
        }
        return result
    }
}
