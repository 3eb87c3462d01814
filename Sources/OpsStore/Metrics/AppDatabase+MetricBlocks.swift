import Foundation
internal import GRDB
import OpsCore

// MARK: - Buffered ingest

/// The collector's write path: samples are buffered in memory (`bufferSamples`) and sealed
/// as one packed `metric_block` row (`sealMetricBlock`) every few seconds, together with
/// the sources' statuses. `recordSamples` (a transaction per call) stays for one-off
/// writers and tests.
extension AppDatabase {
    /// Validates and buffers a tick's samples and source statuses; nothing is written
    /// unless a series is new (its row is created at once, in one transaction, so its id
    /// can be buffered). Same skips and counts as `recordSamples`; `late` is not counted.
    @discardableResult
    public func bufferSamples(_ batch: [SampleInput], sourceStatus: [SourceStatusInput] = [],
                              now: Date) throws(OpsError) -> IngestReport {
        let cache = MetricSeriesCache.of(self)
        let buffer = MetricWriteBuffer.of(self)
        var known = cache.snapshot()
        let futureLimit = MetricTime.ms(now + Self.futureTolerance)
        var report = IngestReport()
        var accepted: [(key: MetricSeriesKey, t: Int64, v: Double)] = []
        accepted.reserveCapacity(batch.count)
        for sample in batch {
            if sample.value.isNaN {
                report.skippedNaN += 1
            } else if sample.series.name.isEmpty {
                report.skippedInvalid += 1
            } else if MetricTime.ms(sample.time) > futureLimit {
                report.skippedFuture += 1
            } else {
                accepted.append((sample.series, MetricTime.ms(sample.time), sample.value))
            }
        }
        let missing = Set(accepted.map(\.key).filter { known[$0] == nil })
        if !missing.isEmpty {
            let created = try write { db in
                var created: [MetricSeriesKey: (id: Int64, isNew: Bool)] = [:]
                for key in missing { created[key] = try Self.resolveSeries(key, db: db) }
                return created
            }
            report.newSeries = created.values.filter(\.isNew).count
            let ids = created.mapValues(\.id)
            cache.remember(ids)
            known.merge(ids) { _, new in new }
        }
        for sample in accepted {
            guard let id = known[sample.key] else { continue }
            buffer.append(seriesID: id, t: sample.t, value: sample.v)
            report.stored += 1
        }
        for status in sourceStatus { buffer.setStatus(status) }
        return report
    }

    /// Samples buffered and not sealed yet.
    public var bufferedSampleCount: Int { MetricWriteBuffer.of(self).count }

    /// Writes everything buffered as one `metric_block` row plus the buffered source
    /// statuses, in one transaction; returns the samples sealed. On failure the buffer is
    /// kept (the next seal retries it) and the error thrown.
    @discardableResult
    public func sealMetricBlock() throws(OpsError) -> Int {
        let buffer = MetricWriteBuffer.of(self)
        let taken = buffer.take()
        guard taken.count > 0 || !taken.statuses.isEmpty else { return 0 }
        do {
            try write { db in
                if let first = taken.series.first {
                    var t0 = first.times[0]
                    var t1 = t0
                    for series in taken.series {
                        t0 = min(t0, series.times[0])
                        t1 = max(t1, series.times[series.times.count - 1])
                    }
                    let count = taken.series.reduce(0) { $0 + $1.times.count }
                    try db.cachedStatement(sql: "INSERT INTO metric_block (t0, t1, n, data) VALUES (?, ?, ?, ?)")
                        .execute(arguments: [t0, t1, count, Data(MetricBlockCodec.encode(taken.series))])
                }
                for status in taken.statuses { try Self.upsertSourceStatus(status, db: db) }
            }
        } catch {
            buffer.restore(taken.series, statuses: taken.statuses)
            throw error
        }
        return taken.count
    }

    // MARK: - Reading and draining blocks

    /// Series `id`'s samples with `from <= t < to` from sealed blocks, then from this
    /// process's buffer (newer wins on equal times), sorted.
    func unsealedSamples(of id: Int64, from: Int64, to: Int64, db: Database) throws -> (times: [Int64], values: [Double]) {
        var times: [Int64] = []
        var values: [Double] = []
        let rows = try Row.fetchCursor(db.cachedStatement(sql: "SELECT data FROM metric_block WHERE t1 >= ? AND t0 < ? ORDER BY id"),
                                       arguments: [from, to])
        while let row = try rows.next() {
            let data: Data = row[0]
            let decoded = data.withUnsafeBytes { bytes in
                Result { () throws(ChunkCodecError) in try MetricBlockCodec.samples(of: id, in: bytes) }
            }
            guard case let .success(found) = decoded else { throw MetricHistory.corruptBlock(id) }
            guard let found else { continue }
            let inRange = zip(found.times, found.values).filter { $0.0 >= from && $0.0 < to }
            (times, values) = MetricHistory.merge(times, values, inRange.map(\.0), inRange.map(\.1))
        }
        let pending = MetricWriteBuffer.of(self).samples(of: id, from: from, to: to)
        if pending.times.isEmpty { return (times, values) }
        return MetricHistory.merge(times, values, pending.times, pending.values)
    }

    /// Moves every sealed block into `metric_sample` (upserts: a block is newer than a head
    /// row of the same time) and deletes it: maintenance without compaction (tests compare
    /// layouts). With compaction, `packMetricBlocks` writes them as chunks instead.
    static func drainMetricBlocks(db: Database) throws -> Int {
        var moved = 0
        let insert = try RawStatement(db, sql: """
            INSERT INTO metric_sample (series_id, t, v) VALUES (?, ?, ?)
            ON CONFLICT (series_id, t) DO UPDATE SET v = excluded.v
            """)
        let rows = try Row.fetchAll(db, sql: "SELECT id, data FROM metric_block ORDER BY id")
        for row in rows {
            let data: Data = row[1]
            let decoded = data.withUnsafeBytes { bytes in Result { () throws(ChunkCodecError) in try MetricBlockCodec.decodeAll(bytes) } }
            guard case let .success(series) = decoded else { throw MetricHistory.corruptBlock(row[0]) }
            for entry in series {
                for (t, v) in zip(entry.times, entry.values) {
                    insert.bind(1, entry.id)
                    insert.bind(2, t)
                    insert.bind(3, v)
                    try insert.run()
                    moved += 1
                }
            }
        }
        if !rows.isEmpty { try db.execute(sql: "DELETE FROM metric_block") }
        return moved
    }
}
