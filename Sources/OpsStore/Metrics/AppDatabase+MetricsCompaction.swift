import Foundation
internal import GRDB
import OpsCore

// MARK: - Compaction

/// A head table whose closed spans are packed into `metric_chunk`, and what must have
/// happened before a span may be packed.
///
/// A span is packed only once the next rollup level has passed it (raw hours after their
/// minutes are rolled, minute spans after their hours), so the rollup steps keep reading
/// plain rows and never decode a chunk. Spans: `MetricHistory.spanMS`. Packing and deleting the packed rows happen in one transaction.
enum CompactionLevel: CaseIterable {
    case raw, minute, hour

    var task: MaintenanceState.Task {
        switch self {
        case .raw: .chunkRaw
        case .minute: .chunk60
        case .hour: .chunk3600
        }
    }

    /// `metric_chunk.resolution`.
    var resolution: Int64 {
        switch self {
        case .raw: 0
        case .minute: 60
        case .hour: 3600
        }
    }

    var spanMS: Int64 { MetricHistory.spanMS(resolution: resolution) }

    /// The task whose `done_until` bounds what may be packed.
    var after: MaintenanceState.Task {
        switch self {
        case .raw: .rollup60
        case .minute, .hour: .rollup3600
        }
    }

    var earliestSQL: String {
        switch self {
        case .raw: RollupLevel.minute.earliestSQL
        case .minute: RollupLevel.hour.earliestSQL
        case .hour:
            "SELECT min((SELECT min(t) FROM metric_rollup WHERE series_id = s.id AND resolution = 3600)) FROM metric_series s"
        }
    }

    var deleteSQL: String {
        switch self {
        case .raw: "DELETE FROM metric_sample WHERE series_id = ? AND t >= ? AND t < ?"
        case .minute, .hour: "DELETE FROM metric_rollup WHERE series_id = ? AND resolution = \(resolution) AND t >= ? AND t < ?"
        }
    }

    /// Packs spans that end at or before `limit`, within about `budget` rows (plus at most
    /// one series' span), resuming where the last call stopped.
    func step(limit: Int64, budget: Int, db: Database) throws -> (step: MaintenanceStep, chunks: Int) {
        var state = try MaintenanceState.load(task, db: db)
        if state.doneUntil == nil {
            guard limit > Int64.min, let earliest = try Int64.fetchOne(db, sql: earliestSQL) else { return (MaintenanceStep(), 0) }
            state.doneUntil = MetricTime.floor(earliest, to: spanMS)
        }
        var result = MaintenanceStep()
        var chunks = 0
        var used = 0
        let delete = try db.cachedStatement(sql: deleteSQL)
        passes: while used < budget {
            guard let done = state.doneUntil else { break }
            let passEnd = done + spanMS
            if state.passUntil == nil {
                guard passEnd <= limit else { break passes }
                state.passUntil = passEnd
                state.nextSeries = 0
            }
            let ids = try state.seriesBatch(db: db)
            if ids.isEmpty {
                state.doneUntil = passEnd
                state.passUntil = nil
                state.nextSeries = 0
                continue
            }
            for id in ids {
                let packed = try pack(seriesID: id, from: done, to: passEnd, db: db)
                if packed.wrote {
                    try delete.execute(arguments: [id, done, passEnd])
                    chunks += 1
                }
                result.rows += packed.rows
                used += max(packed.rows + packed.folded, 1)
                state.nextSeries = id + 1
                if used >= budget { break passes }
            }
        }
        if state.passUntil != nil || (state.doneUntil ?? limit) + spanMS <= limit { result.caughtUp = false }
        try state.save(db: db)
        return (result, chunks)
    }

    /// Writes the head rows of one series in `[from, to)` as a chunk, folding in the chunks
    /// already there for the span (the raw ones maintenance packed from sealed blocks, one
    /// per pass); returns the head rows packed, the chunk entries folded, and whether a
    /// chunk was written.
    private func pack(seriesID: Int64, from: Int64, to: Int64, db: Database) throws -> (rows: Int, folded: Int, wrote: Bool) {
        let existing = try MetricHistory.chunks(seriesID: seriesID, resolution: resolution, from: from, to: to, db: db)
        let bytes: [UInt8]
        let rows: Int
        let first: Int64
        let last: Int64
        let count: Int
        if self == .raw {
            var head: (times: [Int64], values: [Double]) = ([], [])
            let cursor = try Row.fetchCursor(db.cachedStatement(sql: "SELECT t, v FROM metric_sample WHERE series_id = ? AND t >= ? AND t < ? ORDER BY t"),
                                             arguments: [seriesID, from, to])
            while let row = try cursor.next() {
                head.times.append(row[0])
                head.values.append(row[1])
            }
            // Nothing to do: no head rows, and the span is one chunk already (or none).
            guard !head.times.isEmpty || existing.count > 1 else { return (0, 0, false) }
            rows = head.times.count
            var all = head
            for chunk in existing.reversed() {
                let old = try MetricHistory.decodeRaw(chunk.data, seriesID: seriesID)
                all = MetricHistory.merge(old.times, old.values, all.times, all.values)
            }
            bytes = ChunkCodec.encodeRaw(times: all.times, values: all.values)
            first = all.times[0]
            last = all.times[all.times.count - 1]
            count = all.times.count
        } else {
            let head = try MetricHistory.rollups(seriesID: seriesID, resolution: resolution, from: from, to: to, db: db)
            rows = try Int.fetchOne(db.cachedStatement(sql: """
                SELECT count(*) FROM metric_rollup WHERE series_id = ? AND resolution = ? AND t >= ? AND t < ?
                """), arguments: [seriesID, resolution, from, to]) ?? 0
            guard rows > 0, let firstRow = head.first, let lastRow = head.last else { return (0, 0, false) }
            bytes = ChunkCodec.encodeRollups(head)
            first = firstRow.t
            last = lastRow.t
            count = head.count
        }
        for chunk in existing {
            try db.cachedStatement(sql: "DELETE FROM metric_chunk WHERE id = ?").execute(arguments: [chunk.id])
        }
        try db.cachedStatement(sql: "INSERT INTO metric_chunk (series_id, resolution, t0, t1, n, data) VALUES (?, ?, ?, ?, ?, ?)")
            .execute(arguments: [seriesID, resolution, first, last, count, Data(bytes)])
        return (rows, max(count - rows, 0), true)
    }
}

// MARK: - Chunk retention

extension RetainedTable {
    var chunkResolution: Int64 {
        switch self {
        case .raw: 0
        case .minute: 60
        case .hour: 3600
        }
    }

    /// What deleting one chunk counts against the budget: about the page work of a few
    /// dozen rows, whatever the entries it held.
    static let chunkCost = 16

    /// Deletes up to `limit` whole chunks of one series that end before `cutoff`, oldest
    /// first; returns how many went and how many entries they held.
    func deleteChunks(seriesID: Int64, cutoff: Int64, limit: Int, db: Database) throws -> (chunks: Int, entries: Int) {
        let rows = try Row.fetchAll(db.cachedStatement(sql: """
            SELECT id, n FROM metric_chunk WHERE series_id = ? AND resolution = ? AND t0 < ? AND t1 < ? ORDER BY t0 LIMIT ?
            """), arguments: [seriesID, chunkResolution, cutoff, cutoff, limit])
        let delete = try db.cachedStatement(sql: "DELETE FROM metric_chunk WHERE id = ?")
        var entries = 0
        for row in rows {
            try delete.execute(arguments: [row[0] as Int64])
            entries += row[1] as Int
        }
        return (rows.count, entries)
    }
}
