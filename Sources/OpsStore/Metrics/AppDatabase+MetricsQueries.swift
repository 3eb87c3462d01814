import Foundation
internal import GRDB
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
            guard let id = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM metric_series WHERE name = ? AND labels = ?"),
                                              arguments: [key.name, key.labelsJSON]),
                  let newest = try latestSample(seriesID: id, db: db) else { return nil }
            return MetricLatest(seriesID: id, time: MetricTime.date(ms: newest.t), value: newest.v)
        }
    }

    /// How many series `filter` keeps.
    public func seriesCount(_ filter: MetricSeriesFilter = MetricSeriesFilter()) throws(OpsError) -> Int {
        let (condition, arguments) = Self.seriesCondition(filter)
        return try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM metric_series WHERE \(condition)", arguments: arguments) ?? 0 }
    }

    /// Series `offset ..< offset + limit` that `filter` keeps, by name then labels, each with
    /// its newest sample read as `latest` reads it (sealed blocks and this process's buffer).
    public func seriesPage(_ filter: MetricSeriesFilter = MetricSeriesFilter(), offset: Int, limit: Int) throws(OpsError) -> [MetricSeriesReading] {
        guard limit > 0 else { return [] }
        var (condition, arguments) = Self.seriesCondition(filter)
        arguments += [limit, max(0, offset)]
        return try read { db in
            try MetricSeries.fetchAll(db, sql: "SELECT id, name, labels FROM metric_series WHERE \(condition) ORDER BY name, labels LIMIT ? OFFSET ?",
                                      arguments: arguments).map { series in
                let newest = try latestSample(seriesID: series.id, db: db)
                return MetricSeriesReading(series: series, latest: newest.map { MetricLatest(seriesID: series.id, time: MetricTime.date(ms: $0.t), value: $0.v) })
            }
        }
    }

    /// The WHERE clause of a filter; values are bound, never spliced into the SQL.
    static func seriesCondition(_ filter: MetricSeriesFilter) -> (String, StatementArguments) {
        var terms = ["1"]
        var arguments = StatementArguments()
        for text in filter.nameContains where !text.isEmpty {
            terms.append("instr(lower(name), ?) > 0")
            arguments += [text.lowercased()]
        }
        for (key, value) in filter.labels.sorted(by: { $0.key < $1.key }) {
            terms.append("EXISTS (SELECT 1 FROM json_each(metric_series.labels) WHERE json_each.key = ? AND json_each.value = ?)")
            arguments += [key, value]
        }
        return (terms.joined(separator: " AND "), arguments)
    }

    /// Stored statuses, overlaid with those this process buffered and has not sealed yet.
    public func sourceStatuses() throws(OpsError) -> [MetricSourceStatus] {
        let stored = try read { db in try MetricSourceStatus.fetchAll(db, sql: "SELECT * FROM metric_source_status ORDER BY source") }
        let pending = MetricWriteBuffer.of(self).pendingStatuses()
        guard !pending.isEmpty else { return stored }
        var bySource = Dictionary(stored.map { ($0.source, $0) }, uniquingKeysWith: { _, new in new })
        for (source, status) in pending { bySource[source] = MetricSourceStatus(status) }
        return bySource.keys.sorted().compactMap { bySource[$0] }
    }

    /// The newest raw sample of a series: head, chunks, sealed blocks or this process's buffer.
    func latestSample(seriesID: Int64, db: Database) throws -> (t: Int64, v: Double)? {
        let stored = try MetricHistory.latestRaw(seriesID: seriesID, db: db)
        let newer = try unsealedSamples(of: seriesID, from: stored?.t ?? Int64.min, to: Int64.max, db: db)
        if let t = newer.times.last, let v = newer.values.last { return (t, v) }
        return stored
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
            var buckets = WindowBuckets(width: width)
            for entry in try MetricHistory.rollups(seriesID: seriesID, resolution: 3600, from: start, to: hourEnd, db: db) {
                buckets.add(t: entry.t, min: entry.min, avg: entry.avg, max: entry.max, n: entry.n)
            }
            for entry in try MetricHistory.rollups(seriesID: seriesID, resolution: 60, from: minuteStart, to: minuteEnd, db: db) {
                buckets.add(t: entry.t, min: entry.min, avg: entry.avg, max: entry.max, n: entry.n)
            }
            let head = try MetricHistory.rawSamples(seriesID: seriesID, from: rawStart, to: upper, db: db)
            let unsealed = try unsealedSamples(of: seriesID, from: rawStart, to: upper, db: db)
            let raw = unsealed.times.isEmpty ? head : MetricHistory.merge(head.times, head.values, unsealed.times, unsealed.values)
            for (t, v) in zip(raw.times, raw.values) {
                buckets.add(t: t, min: v, avg: v, max: v, n: 1)
            }
            return MetricWindow(seriesID: seriesID, resolution: resolution, bucket: TimeInterval(width) / 1000,
                                points: buckets.finish())
        }
    }
}

/// Folds time-ordered entries (hour, minute, then raw stretches, which never overlap) into
/// buckets of `width` ms, exactly as the SQL it replaced did (`GROUP BY t / w * w` with
/// `min`, `sum(avg * n) / sum(n)`, `max`, `sum(n)`): undefined (nil) values are skipped,
/// an undefined sum (+Inf and -Inf) gives a nil average, a sum starts from +0.0.
struct WindowBuckets {
    let width: Int64
    private var points: [MetricPoint] = []
    private var bucket: Int64?
    private var lo: Double?
    private var hi: Double?
    private var sum: Double?
    private var n: Int64 = 0

    init(width: Int64) { self.width = width }

    mutating func add(t: Int64, min: Double?, avg: Double?, max: Double?, n: Int64) {
        let b = t / width * width
        if b != bucket {
            flush()
            bucket = b
        }
        if let min, lo.map({ min < $0 }) ?? true { lo = min }
        if let max, hi.map({ max > $0 }) ?? true { hi = max }
        if let avg { sum = (sum ?? 0) + avg * Double(n) }
        self.n += n
    }

    mutating func finish() -> [MetricPoint] {
        flush()
        return points
    }

    private mutating func flush() {
        guard let bucket else { return }
        let average = sum.map { $0 / Double(n) }
        points.append(MetricPoint(time: MetricTime.date(ms: bucket), min: lo, avg: average?.isNaN == true ? nil : average,
                                  max: hi, count: Int(n)))
        lo = nil
        hi = nil
        sum = nil
        n = 0
    }
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
