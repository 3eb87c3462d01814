import Foundation
internal import GRDB
import OpsCore

// MARK: - Packing sealed blocks into raw chunks

/// Maintenance's first step: every sealed `metric_block` goes straight into the raw chunks
/// of its series (`metric_chunk`, resolution 0), never through `metric_sample` rows.
///
/// A sample used to be written as a head row (~20 B of row, a leaf page per series per
/// pass, its WAL frame and its checkpoint copy), then read back and deleted when its 2 h
/// span was packed: most of the 393 B the long footprint run wrote per sample. Now each
/// series' new samples become one packed chunk appended to the rowid table (~7 B a sample),
/// and compaction folds a closed span's chunks into one (`CompactionLevel.pack`).
///
/// Invariants kept for readers (`MetricHistory`): a series' raw chunks never overlap and
/// each lies inside one aligned 2 h span, so several chunks of one span read as one sorted
/// stream. Samples that overlap a stored chunk (late or repeated times) are folded into it,
/// the newer value winning, as the upsert into `metric_sample` did.
extension AppDatabase {
    /// Packs and deletes every sealed block; returns the samples moved.
    static func packMetricBlocks(db: Database) throws -> Int {
        let rows = try Row.fetchAll(db, sql: "SELECT id, data FROM metric_block ORDER BY id")
        guard !rows.isEmpty else { return 0 }
        var bySeries: [Int64: (times: [Int64], values: [Double])] = [:]
        for row in rows {
            let data: Data = row[1]
            let decoded = data.withUnsafeBytes { bytes in Result { () throws(ChunkCodecError) in try MetricBlockCodec.decodeAll(bytes) } }
            guard case let .success(series) = decoded else { throw MetricHistory.corruptBlock(row[0]) }
            for entry in series {
                guard let known = bySeries[entry.id] else {
                    bySeries[entry.id] = (entry.times, entry.values)
                    continue
                }
                // Blocks are sealed in time order, so this is almost always an append.
                if let last = known.times.last, let first = entry.times.first, first > last {
                    bySeries[entry.id] = (known.times + entry.times, known.values + entry.values)
                } else {
                    bySeries[entry.id] = MetricHistory.merge(known.times, known.values, entry.times, entry.values)
                }
            }
        }
        var moved = 0
        let span = MetricHistory.spanMS(resolution: 0)
        for id in bySeries.keys.sorted() {
            guard let samples = bySeries[id] else { continue }
            var start = 0
            while start < samples.times.count {
                let spanStart = MetricTime.floor(samples.times[start], to: span)
                var end = start
                while end < samples.times.count, samples.times[end] < spanStart + span { end += 1 }
                try appendRawChunk(seriesID: id, times: Array(samples.times[start..<end]), values: Array(samples.values[start..<end]),
                                   spanStart: spanStart, db: db)
                moved += end - start
                start = end
            }
        }
        try db.execute(sql: "DELETE FROM metric_block")
        return moved
    }

    /// Stores sorted samples of one series, all inside the span starting at `spanStart`:
    /// a new chunk when they all follow the series' stored chunks of that span, otherwise
    /// folded with every chunk of the span that ends at or after the first of them.
    private static func appendRawChunk(seriesID: Int64, times: [Int64], values: [Double], spanStart: Int64, db: Database) throws {
        guard let first = times.first, let last = times.last else { return }
        // A head row of the same time (written by `recordSamples`) is older than a sealed
        // block: it goes, or it would hide the block's value.
        if try Int64.fetchOne(db.cachedStatement(sql: "SELECT t FROM metric_sample WHERE series_id = ? AND t >= ? AND t <= ? LIMIT 1"),
                              arguments: [seriesID, first, last]) != nil {
            let delete = try db.cachedStatement(sql: "DELETE FROM metric_sample WHERE series_id = ? AND t = ?")
            for t in times { try delete.execute(arguments: [seriesID, t]) }
        }
        let overlapping = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, data FROM metric_chunk WHERE series_id = ? AND resolution = 0 AND t0 >= ? AND t0 < ? AND t1 >= ? ORDER BY t0
            """), arguments: [seriesID, spanStart, spanStart + MetricHistory.spanMS(resolution: 0), first])
        var merged = (times: times, values: values)
        if !overlapping.isEmpty {
            var old: (times: [Int64], values: [Double]) = ([], [])
            let delete = try db.cachedStatement(sql: "DELETE FROM metric_chunk WHERE id = ?")
            for row in overlapping {
                let decoded = try MetricHistory.decodeRaw(row[1], seriesID: seriesID)
                old.times += decoded.times
                old.values += decoded.values
                try delete.execute(arguments: [row[0] as Int64])
            }
            merged = MetricHistory.merge(old.times, old.values, times, values)
        }
        guard let t0 = merged.times.first, let t1 = merged.times.last else { return }
        try db.cachedStatement(sql: "INSERT INTO metric_chunk (series_id, resolution, t0, t1, n, data) VALUES (?, 0, ?, ?, ?, ?)")
            .execute(arguments: [seriesID, t0, t1, merged.times.count, Data(ChunkCodec.encodeRaw(times: merged.times, values: merged.values))])
    }
}

// MARK: - Minute rollups over head rows and chunks

extension RollupLevel {
    /// One series' minute buckets in `[from, to)` from every raw sample, head rows and
    /// chunks, with the SQL aggregates' meaning (`min`, `avg`, `max`, `count`): an average
    /// that is undefined (+Inf and -Inf) is nil. Returns the buckets and the samples read.
    static func minuteBuckets(seriesID: Int64, from: Int64, to: Int64, db: Database) throws -> (buckets: [RollupEntry], read: Int) {
        let raw = try MetricHistory.rawSamples(seriesID: seriesID, from: from, to: to, db: db)
        var buckets: [RollupEntry] = []
        var sum = 0.0
        func close() {
            guard let index = buckets.indices.last else { return }
            let average = sum / Double(buckets[index].n)
            buckets[index].avg = average.isNaN ? nil : average
        }
        for (t, v) in zip(raw.times, raw.values) {
            let bucket = t / 60_000 * 60_000
            if let current = buckets.last, current.t == bucket {
                let index = buckets.count - 1
                if let low = current.min, v < low { buckets[index].min = v }
                if let high = current.max, v > high { buckets[index].max = v }
                buckets[index].n += 1
                sum += v
            } else {
                close()
                buckets.append(RollupEntry(t: bucket, min: v, avg: nil, max: v, n: 1))
                sum = v
            }
        }
        close()
        return (buckets, raw.times.count)
    }
}
