import Foundation
internal import GRDB
import OpsCore

/// Reads one series' history as one sorted stream, whether it sits in head rows
/// (`metric_sample`, `metric_rollup`) or in packed chunks (`metric_chunk`).
///
/// A series' chunks never overlap each other and each lies inside one aligned span; raw
/// chunks of the open span (and of a closed one until compaction folds them into one) come
/// from sealed blocks (`packMetricBlocks`), the others from head rows. A head row dated
/// inside a packed span wins over the chunk's entry of the same time.
enum MetricHistory {
    /// The span one chunk covers at each resolution: 2 hours of raw samples, 6 hours of
    /// minute rollups, 30 days of hour rollups. A chunk's entries all lie in one span
    /// aligned to a multiple of it, so t1 - t0 < span.
    ///
    /// Sized from measurements (4 KiB pages): an hour of full-precision samples at 10 s packs
    /// to ~2.5 KB, and two such rows do not share a page, wasting ~35 %; from ~4 KB on SQLite
    /// fills overflow pages whole. Shorter minute spans keep the head small (a span is packed
    /// only after its hours are rolled) and let retention drop minutes closer to the cutoff.
    static func spanMS(resolution: Int64) -> Int64 {
        switch resolution {
        case 0: 7_200_000
        case 60: 21_600_000
        default: 30 * 86_400_000
        }
    }

    // MARK: - Raw samples

    /// Raw samples of a series with `from <= t < to`, in time order.
    static func rawSamples(seriesID: Int64, from: Int64, to: Int64, db: Database) throws -> (times: [Int64], values: [Double]) {
        guard from < to else { return ([], []) }
        var chunkTimes: [Int64] = []
        var chunkValues: [Double] = []
        for chunk in try chunks(seriesID: seriesID, resolution: 0, from: from, to: to, db: db) {
            let decoded = try decodeRaw(chunk.data, seriesID: seriesID)
            for (t, v) in zip(decoded.times, decoded.values) where t >= from && t < to {
                chunkTimes.append(t)
                chunkValues.append(v)
            }
        }
        var headTimes: [Int64] = []
        var headValues: [Double] = []
        let statement = try db.cachedStatement(sql: "SELECT t, v FROM metric_sample WHERE series_id = ? AND t >= ? AND t < ? ORDER BY t")
        let cursor = try Row.fetchCursor(statement, arguments: [seriesID, from, to])
        while let row = try cursor.next() {
            headTimes.append(row[0])
            headValues.append(row[1])
        }
        if chunkTimes.isEmpty { return (headTimes, headValues) }
        if headTimes.isEmpty { return (chunkTimes, chunkValues) }
        return merge(chunkTimes, chunkValues, headTimes, headValues)
    }

    /// The newest raw sample of a series, head or chunk.
    static func latestRaw(seriesID: Int64, db: Database) throws -> (t: Int64, v: Double)? {
        let head = try Row.fetchOne(db.cachedStatement(sql: "SELECT t, v FROM metric_sample WHERE series_id = ? ORDER BY t DESC LIMIT 1"),
                                    arguments: [seriesID]).map { (t: $0[0] as Int64, v: $0[1] as Double) }
        guard let data = try Data.fetchOne(db.cachedStatement(sql: """
            SELECT data FROM metric_chunk WHERE series_id = ? AND resolution = 0 ORDER BY t0 DESC LIMIT 1
            """), arguments: [seriesID]) else { return head }
        let decoded = try decodeRaw(data, seriesID: seriesID)
        guard let t = decoded.times.last, let v = decoded.values.last else { return head }
        if let head, head.t >= t { return head }
        return (t, v)
    }

    // MARK: - Rollups

    /// Rollups of a series at `resolution` with `from <= t < to`, in time order.
    static func rollups(seriesID: Int64, resolution: Int64, from: Int64, to: Int64, db: Database) throws -> [RollupEntry] {
        guard from < to else { return [] }
        var packed: [RollupEntry] = []
        for chunk in try chunks(seriesID: seriesID, resolution: resolution, from: from, to: to, db: db) {
            packed += try decodeRollups(chunk.data, seriesID: seriesID).filter { $0.t >= from && $0.t < to }
        }
        var head: [RollupEntry] = []
        let statement = try db.cachedStatement(sql: """
            SELECT t, min, avg, max, n FROM metric_rollup WHERE series_id = ? AND resolution = ? AND t >= ? AND t < ? ORDER BY t
            """)
        let cursor = try Row.fetchCursor(statement, arguments: [seriesID, resolution, from, to])
        while let row = try cursor.next() {
            head.append(RollupEntry(t: row[0], min: row[1], avg: row[2], max: row[3], n: row[4]))
        }
        if packed.isEmpty { return head }
        if head.isEmpty { return packed }
        var merged: [RollupEntry] = []
        merged.reserveCapacity(packed.count + head.count)
        var i = 0
        var j = 0
        while i < packed.count || j < head.count {
            if j == head.count || (i < packed.count && packed[i].t < head[j].t) {
                merged.append(packed[i])
                i += 1
            } else {
                if i < packed.count, packed[i].t == head[j].t { i += 1 }
                merged.append(head[j])
                j += 1
            }
        }
        return merged
    }

    // MARK: - Chunks

    struct StoredChunk {
        var id: Int64
        var t0: Int64
        var data: Data
    }

    /// The chunks of a series that may hold entries in `[from, to)`, oldest first.
    static func chunks(seriesID: Int64, resolution: Int64, from: Int64, to: Int64, db: Database) throws -> [StoredChunk] {
        let statement = try db.cachedStatement(sql: """
            SELECT id, t0, data FROM metric_chunk
            WHERE series_id = ? AND resolution = ? AND t0 > ? AND t0 < ? AND t1 >= ? ORDER BY t0
            """)
        let lowest = MetricTime.minus(from, spanMS(resolution: resolution))
        return try Row.fetchAll(statement, arguments: [seriesID, resolution, lowest, to, from]).map {
            StoredChunk(id: $0[0], t0: $0[1], data: $0[2])
        }
    }

    static func decodeRaw(_ data: Data, seriesID: Int64) throws -> (times: [Int64], values: [Double]) {
        let result = data.withUnsafeBytes { bytes in Result { () throws(ChunkCodecError) in try ChunkCodec.decodeRaw(bytes) } }
        switch result {
        case let .success(decoded): return decoded
        case let .failure(error): throw corrupt(error, seriesID: seriesID)
        }
    }

    static func decodeRollups(_ data: Data, seriesID: Int64) throws -> [RollupEntry] {
        let result = data.withUnsafeBytes { bytes in Result { () throws(ChunkCodecError) in try ChunkCodec.decodeRollups(bytes) } }
        switch result {
        case let .success(decoded): return decoded
        case let .failure(error): throw corrupt(error, seriesID: seriesID)
        }
    }

    static func corruptBlock(_ blockID: Int64) -> OpsError {
        .store("Sealed metric block \(blockID) is damaged; restore the store from a backup.")
    }

    private static func corrupt(_ error: ChunkCodecError, seriesID: Int64) -> OpsError {
        .store("Stored metric history of series \(seriesID) is damaged (\(error)); restore the store from a backup.")
    }

    /// Two time-sorted streams as one; on equal times the second (the head) wins.
    static func merge(_ aTimes: [Int64], _ aValues: [Double], _ bTimes: [Int64], _ bValues: [Double]) -> (times: [Int64], values: [Double]) {
        var times: [Int64] = []
        var values: [Double] = []
        times.reserveCapacity(aTimes.count + bTimes.count)
        values.reserveCapacity(aTimes.count + bTimes.count)
        var i = 0
        var j = 0
        while i < aTimes.count || j < bTimes.count {
            if j == bTimes.count || (i < aTimes.count && aTimes[i] < bTimes[j]) {
                times.append(aTimes[i])
                values.append(aValues[i])
                i += 1
            } else {
                if i < aTimes.count, aTimes[i] == bTimes[j] { i += 1 }
                times.append(bTimes[j])
                values.append(bValues[j])
                j += 1
            }
        }
        return (times, values)
    }
}
