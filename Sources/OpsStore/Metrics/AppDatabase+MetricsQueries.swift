import Foundation
import GRDB
import OpsCore

// MARK: - Queries

extension AppDatabase {
    /// Every metric name, sorted (read from the series index, not the samples).
    public func metricNames() throws(OpsError) -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT DISTINCT name FROM metric_series ORDER BY name") }
    }

    /// Series called `name` whose labels include every pair of `labels` (a subset match:
    /// `["job": "node"]` finds `{job="node", instance="a"}`).
    public func series(matching name: String, labels: [String: String] = [:]) throws(OpsError) -> [MetricSeries] {
        try read { db in
            try MetricSeries.fetchAll(db, sql: "SELECT id, name, labels FROM metric_series WHERE name = ? ORDER BY labels",
                                      arguments: [name])
                .filter { series in labels.allSatisfy { series.labels[$0.key] == $0.value } }
        }
    }

    /// The newest raw sample of the series with exactly these labels, nil when there is none.
    public func latest(name: String, labels: [String: String] = [:]) throws(OpsError) -> MetricLatest? {
        let key = MetricSeriesKey(name: name, labels: labels)
        return try read { db in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT s.id, m.t, m.v FROM metric_series s JOIN metric_sample m ON m.series_id = s.id
                WHERE s.name = ? AND s.labels = ? ORDER BY m.t DESC LIMIT 1
                """, arguments: [key.name, key.labelsJSON]) else { return nil }
            return MetricLatest(seriesID: row[0], time: MetricTime.date(ms: row[1]), value: row[2])
        }
    }

    public func sourceStatuses() throws(OpsError) -> [MetricSourceStatus] {
        try read { db in try MetricSourceStatus.fetchAll(db, sql: "SELECT * FROM metric_source_status ORDER BY source") }
    }

    /// At most `maxPoints` points (min/avg/max per bucket) of one series in `[from, to]`.
    ///
    /// The table follows the span: up to 6 h raw, up to 14 days minute rollups, beyond
    /// that hour rollups; a coarser one when `from` is older than what the finer one still
    /// keeps. Buckets are aligned to multiples of their width since the epoch, so a graph
    /// that slides with the clock keeps its buckets. The newest minutes, not rolled up
    /// yet, are read from the finer tables, so a graph is never behind the samples.
    public func samples(seriesID: Int64, from: Date, to: Date, maxPoints: Int = 500) throws(OpsError) -> MetricWindow {
        guard maxPoints >= 2 else { throw .invalid(field: "maxPoints", message: "must be at least 2.") }
        guard from <= to else { throw .invalid(field: "from", message: "must not be after 'to'.") }
        let start = MetricTime.ms(from)
        let end = MetricTime.ms(to)
        let span = end - start
        return try read { db in
            let progress = try MetricsProgress(db: db)
            var resolution: MetricResolution = span <= 6 * 3_600_000 ? .raw : span <= 14 * 86_400_000 ? .minute : .hour
            if resolution == .raw, start < progress.rawKeptFrom { resolution = .minute }
            if resolution == .minute, start < progress.minuteKeptFrom { resolution = .hour }
            let unit: Int64 = resolution == .raw ? 1000 : Int64(resolution.rawValue) * 1000
            let wanted = max((span + Int64(maxPoints) - 2) / Int64(maxPoints - 1), 1)
            let width = (wanted + unit - 1) / unit * unit
            // Each table answers for its own stretch: hour rows before the hour watermark,
            // minute rows up to the minute watermark, raw samples after it.
            let upper = end == Int64.max ? end : end + 1
            let hourEnd = resolution == .hour ? min(upper, progress.hoursDone) : start
            let minuteStart = max(start, hourEnd)
            let minuteEnd = resolution == .raw ? minuteStart : max(minuteStart, min(upper, progress.minutesDone))
            let rawStart = resolution == .raw ? start : max(minuteEnd, min(upper, max(start, progress.minutesDone)))
            let rows = try Row.fetchAll(db.cachedStatement(sql: Self.windowSQL), arguments: [
                "w": width, "s": seriesID, "h0": start, "h1": hourEnd, "m0": minuteStart, "m1": minuteEnd,
                "r0": rawStart, "r1": upper,
            ])
            let points = rows.map { row in
                MetricPoint(time: MetricTime.date(ms: row[0]), min: row[1], avg: row[2], max: row[3], count: row[4])
            }
            return MetricWindow(seriesID: seriesID, resolution: resolution, bucket: TimeInterval(width) / 1000, points: points)
        }
    }

    static let windowSQL = """
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
}

/// The watermarks a window query needs, read in the query's own snapshot.
struct MetricsProgress {
    /// Minute (hour) rollups are complete for buckets starting before this.
    var minutesDone = Int64.min
    var hoursDone = Int64.min
    /// Raw samples (minute rollups) older than this may already be deleted.
    var rawKeptFrom = Int64.min
    var minuteKeptFrom = Int64.min

    init(db: Database) throws {
        for row in try Row.fetchAll(db, sql: "SELECT task, done_until, pass_until FROM metric_maintenance") {
            let task: String = row[0]
            let done: Int64? = row[1]
            let pass: Int64? = row[2]
            switch task {
            case "rollup60": minutesDone = done ?? Int64.min
            case "rollup3600": hoursDone = done ?? Int64.min
            case "retain_raw": rawKeptFrom = max(done ?? Int64.min, pass ?? Int64.min)
            case "retain60": minuteKeptFrom = max(done ?? Int64.min, pass ?? Int64.min)
            default: break
            }
        }
    }
}
