import Foundation
internal import GRDB
import OpsCore

// MARK: - Retention and downsampling

extension AppDatabase {
    /// Rolls completed minutes of raw samples into 60 s rollups and completed hours of
    /// minute rollups into 3600 s rollups, then deletes rows past their retention.
    ///
    /// Incremental so no collector tick stalls behind it: each of the five steps (two
    /// rollups, three deletions) runs in its own short transaction and stops after about
    /// `budget` rows (plus at most one series' slice), saving its place in
    /// `metric_maintenance`; work is never repeated. Raw rows are only deleted once rolled
    /// into minutes, and minute rows once rolled into hours, whatever the policy says; a
    /// deletion pass starts when its cutoff has moved 10 min (raw), 1 h (minute) or 1 day
    /// (hour), so rows outlive their retention by at most that. Measured at 300 series,
    /// called every minute: ~16 ms a call on average, 48 ms at most (hour boundaries).
    /// Call it every tick or every minute; `caughtUp == false` means "call again".
    ///
    /// After the deletions, closed spans are packed into `metric_chunk` (see
    /// `CompactionLevel`): 2 hours of raw samples once their minutes are rolled up, 6 hours
    /// of minute rollups once their hours are, 30 days of hour rollups; three more steps on the
    /// same budget model. Chunks go whole once their last entry is past retention, so packed
    /// entries may outlive it by up to one span; reads never show them (they stop at the
    /// same watermarks as before).
    @discardableResult
    public func maintainMetrics(now: Date, policy: RetentionPolicy = .standard,
                                budget: Int = 5_000) throws(OpsError) -> MetricsMaintenanceReport {
        try maintainMetrics(now: now, policy: policy, budget: budget, compacting: true)
    }

    /// `maintainMetrics` as it was before sealed blocks were packed straight into chunks:
    /// blocks become `metric_sample` rows, packed when their 2 h span closes. Only for
    /// `bench footprint --simulate`, which measures both paths side by side in one run.
    public func maintainMetricsDrainingBlocksIntoRows(now: Date, policy: RetentionPolicy = .standard,
                                                      budget: Int = 5_000) throws(OpsError) -> MetricsMaintenanceReport {
        try maintainMetrics(now: now, policy: policy, budget: budget, compacting: true, blocksIntoRows: true)
    }

    /// `compacting: false` leaves every row in the head tables (tests compare both layouts).
    func maintainMetrics(now: Date, policy: RetentionPolicy, budget: Int,
                         compacting: Bool, blocksIntoRows: Bool = false) throws(OpsError) -> MetricsMaintenanceReport {
        let budget = max(budget, 1)
        let nowMS = MetricTime.ms(now)
        var report = MetricsMaintenanceReport()
        func note(_ step: MaintenanceStep) {
            if !step.caughtUp { report.caughtUp = false }
        }

        // Sealed blocks first, straight into raw chunks (into head rows without compaction),
        // so the rollups see every sealed sample.
        let stretch = max(MetricTime.floor(MetricTime.ms(seconds: min(max(policy.rollupEvery, 60), 86_400)), to: 60_000), 60_000)
        let rollupLimit = MetricTime.floor(MetricTime.minus(nowMS, MetricTime.ms(seconds: policy.settle)), to: stretch)
        report.blockSamplesMoved = try write { db in
            guard compacting && !blocksIntoRows else { return try Self.drainMetricBlocks(db: db) }
            // Not on every call of a pass that runs behind (each would append a one-tick chunk
            // per series): once the oldest block is 5 min old, or when the rollup needs it.
            guard let oldest = try Int64.fetchOne(db, sql: "SELECT min(t0) FROM metric_block"),
                  oldest < rollupLimit || oldest < MetricTime.minus(nowMS, 300_000) else { return 0 }
            return try Self.packMetricBlocks(db: db)
        }
        let minute = try write { db in try RollupLevel.minute.step(limit: rollupLimit, budget: budget, db: db) }
        report.minuteRollupsWritten = minute.rows
        note(minute)
        let hour = try write { db in
            let minutesDone = try MaintenanceState.load(.rollup60, db: db).doneUntil ?? Int64.min
            return try RollupLevel.hour.step(limit: MetricTime.floor(minutesDone, to: 3_600_000), budget: budget, db: db)
        }
        report.hourRollupsWritten = hour.rows
        note(hour)

        for table in RetainedTable.allCases {
            let step = try write { db in
                let cutoff = MetricTime.minus(nowMS, MetricTime.ms(seconds: max(table.keep(policy), 0)))
                // Never delete what the next level has not absorbed yet.
                let absorbed = try table.rolledInto.map { try MaintenanceState.load($0, db: db).doneUntil ?? Int64.min } ?? Int64.max
                return try table.step(cutoff: min(cutoff, absorbed), budget: budget, db: db)
            }
            note(step)
            switch table {
            case .raw: report.rawDeleted = step.rows
            case .minute: report.minuteRollupsDeleted = step.rows
            case .hour: report.hourRollupsDeleted = step.rows
            }
            report.chunksDeleted += step.chunks
        }

        guard compacting else { return report }
        for level in CompactionLevel.allCases {
            let (step, chunks) = try write { db in
                let limit = try MaintenanceState.load(level.after, db: db).doneUntil ?? Int64.min
                return try level.step(limit: limit, budget: budget, db: db)
            }
            note(step)
            report.rowsPacked += step.rows
            report.chunksWritten += chunks
        }
        return report
    }
}

/// The outcome of one maintenance step.
struct MaintenanceStep {
    var rows = 0
    /// Whole chunks deleted (retention steps).
    var chunks = 0
    var caughtUp = true
}

/// One row of `metric_maintenance`.
struct MaintenanceState {
    enum Task: String {
        case rollup60, rollup3600
        case retainRaw = "retain_raw", retain60, retain3600
        case chunkRaw = "chunk_raw", chunk60, chunk3600

        /// Compaction tasks live in their own table: metric_maintenance's CHECK is frozen.
        var table: String {
            switch self {
            case .chunkRaw, .chunk60, .chunk3600: "metric_chunk_progress"
            default: "metric_maintenance"
            }
        }
    }

    let task: Task
    var doneUntil: Int64?
    var passUntil: Int64?
    var nextSeries: Int64 = 0

    static func load(_ task: Task, db: Database) throws -> MaintenanceState {
        let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT done_until, pass_until, next_series FROM \(task.table) WHERE task = ?"),
                                   arguments: [task.rawValue])
        return MaintenanceState(task: task, doneUntil: row?[0], passUntil: row?[1], nextSeries: row?[2] ?? 0)
    }

    func save(db: Database) throws {
        try db.cachedStatement(sql: """
            INSERT INTO \(task.table) (task, done_until, pass_until, next_series) VALUES (?, ?, ?, ?)
            ON CONFLICT (task) DO UPDATE SET done_until = excluded.done_until, pass_until = excluded.pass_until,
                next_series = excluded.next_series
            """).execute(arguments: [task.rawValue, doneUntil, passUntil, nextSeries])
    }

    /// Up to `limit` series ids from `nextSeries` on, in id order.
    func seriesBatch(db: Database, limit: Int = 256) throws -> [Int64] {
        try Int64.fetchAll(db.cachedStatement(sql: "SELECT id FROM metric_series WHERE id >= ? ORDER BY id LIMIT ?"),
                           arguments: [nextSeries, limit])
    }
}

// MARK: - Rollups

/// A rollup resolution and where it reads from.
enum RollupLevel {
    case minute, hour

    var task: MaintenanceState.Task { self == .minute ? .rollup60 : .rollup3600 }
    var resolution: Int64 { self == .minute ? 60 : 3600 }
    var widthMS: Int64 { resolution * 1000 }
    /// The longest span one pass covers, so one series' slice stays near the budget
    /// (an hour of 1 s samples, a day of minute rollups) after a long downtime.
    var maxPassMS: Int64 { self == .minute ? 3_600_000 : 86_400_000 }

    /// Per series: bucket, min, avg, max, samples behind it, source rows read.
    var aggregateSQL: String {
        switch self {
        case .minute:
            """
            SELECT t / 60000 * 60000, min(v), avg(v), max(v), count(*), count(*) FROM metric_sample
            WHERE series_id = ? AND t >= ? AND t < ? GROUP BY 1
            """
        case .hour:
            """
            SELECT t / 3600000 * 3600000, min(min), sum(avg * n) / sum(n), max(max), sum(n), count(*) FROM metric_rollup
            WHERE series_id = ? AND resolution = 60 AND t >= ? AND t < ? GROUP BY 1
            """
        }
    }

    /// The earliest source row, found by one index seek per series (the tables are keyed by
    /// series first, so a plain `min(t)` would read them whole).
    var earliestSQL: String {
        switch self {
        case .minute:
            // Raw samples live in head rows and, from sealed blocks, in raw chunks.
            """
            SELECT min(t) FROM (SELECT (SELECT min(t) FROM metric_sample WHERE series_id = s.id) AS t FROM metric_series s
                UNION ALL SELECT (SELECT min(t0) FROM metric_chunk WHERE series_id = s.id AND resolution = 0) FROM metric_series s)
            """
        case .hour:
            "SELECT min((SELECT min(t) FROM metric_rollup WHERE series_id = s.id AND resolution = 60)) FROM metric_series s"
        }
    }

    /// Rolls buckets that start before `limit` (all complete), within `budget` source rows.
    func step(limit: Int64, budget: Int, db: Database) throws -> MaintenanceStep {
        var state = try MaintenanceState.load(task, db: db)
        if state.doneUntil == nil {
            guard let earliest = try Int64.fetchOne(db, sql: earliestSQL) else { return MaintenanceStep() }
            state.doneUntil = MetricTime.floor(earliest, to: widthMS)
        }
        var result = MaintenanceStep()
        var used = 0
        let aggregate = try db.cachedStatement(sql: aggregateSQL)
        let insert = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO metric_rollup (series_id, resolution, t, min, avg, max, n) VALUES (?, ?, ?, ?, ?, ?, ?)
            """)
        passes: while used < budget {
            guard let done = state.doneUntil else { break }
            let passEnd: Int64
            if let current = state.passUntil {
                passEnd = current
            } else {
                let target = min(limit, done + maxPassMS)
                guard target > done else { break passes }
                passEnd = target
                state.passUntil = target
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
                var buckets: [RollupEntry] = []
                var read = 0
                if self == .minute {
                    // In Swift: raw samples are in head rows and chunks, merged by MetricHistory.
                    (buckets, read) = try Self.minuteBuckets(seriesID: id, from: done, to: passEnd, db: db)
                } else {
                    for row in try Row.fetchAll(aggregate, arguments: [id, done, passEnd]) {
                        buckets.append(RollupEntry(t: row[0], min: row[1], avg: row[2], max: row[3], n: row[4]))
                        read += row[5] as Int
                    }
                }
                for bucket in buckets {
                    try insert.execute(arguments: [id, resolution, bucket.t, bucket.min, bucket.avg, bucket.max, bucket.n])
                }
                result.rows += buckets.count
                used += max(read, 1)
                state.nextSeries = id + 1
                if used >= budget { break passes }
            }
        }
        if state.passUntil != nil || (state.doneUntil ?? limit) < limit { result.caughtUp = false }
        try state.save(db: db)
        return result
    }
}

// MARK: - Retention

/// A table trimmed by age, and the rollup that must have absorbed a row before it goes.
enum RetainedTable: CaseIterable {
    case raw, minute, hour

    var task: MaintenanceState.Task {
        switch self {
        case .raw: .retainRaw
        case .minute: .retain60
        case .hour: .retain3600
        }
    }

    var rolledInto: MaintenanceState.Task? {
        switch self {
        case .raw: .rollup60
        case .minute: .rollup3600
        case .hour: nil
        }
    }

    /// How far the cutoff must move before a new deletion pass starts. A pass visits every
    /// series, so running one per minute over tables whose cutoff barely matters cost
    /// ~20 ms a call at 300 series; rows outlive their retention by at most this much.
    var passEveryMS: Int64 {
        switch self {
        case .raw: 600_000
        case .minute: 3_600_000
        case .hour: 86_400_000
        }
    }

    func keep(_ policy: RetentionPolicy) -> TimeInterval {
        switch self {
        case .raw: policy.raw
        case .minute: policy.minute
        case .hour: policy.hour
        }
    }

    /// Deletes one series' rows older than ?2, at most ?3 + 1 of them (the oldest): the
    /// subquery finds the time of the last row allowed to go.
    var deleteSQL: String {
        switch self {
        case .raw:
            """
            DELETE FROM metric_sample WHERE series_id = ?1 AND t < ?2 AND t <= coalesce(
                (SELECT t FROM metric_sample WHERE series_id = ?1 AND t < ?2 ORDER BY t LIMIT 1 OFFSET ?3), ?2)
            """
        case .minute, .hour:
            """
            DELETE FROM metric_rollup WHERE series_id = ?1 AND resolution = \(self == .minute ? 60 : 3600) AND t < ?2
                AND t <= coalesce((SELECT t FROM metric_rollup WHERE series_id = ?1 AND resolution = \(self == .minute ? 60 : 3600)
                    AND t < ?2 ORDER BY t LIMIT 1 OFFSET ?3), ?2)
            """
        }
    }

    /// One bounded slice of a deletion pass. A pass works toward one fixed cutoff over every
    /// series; a new pass starts only once the cutoff has moved by `passEveryMS`, so most
    /// calls cost one read.
    func step(cutoff: Int64, budget: Int, db: Database) throws -> MaintenanceStep {
        var state = try MaintenanceState.load(task, db: db)
        var result = MaintenanceStep()
        let delete = try db.cachedStatement(sql: deleteSQL)
        var used = 0
        passes: while true {
            if state.passUntil == nil {
                let last = state.doneUntil ?? Int64.min
                // Nothing due: the cutoff has not moved enough since the last pass.
                guard cutoff > Int64.min, last == Int64.min || cutoff >= last + passEveryMS else { break }
                state.passUntil = cutoff
                state.nextSeries = 0
            }
            guard used < budget, let passCutoff = state.passUntil else { break }
            let ids = try state.seriesBatch(db: db)
            if ids.isEmpty {
                state.doneUntil = passCutoff
                state.passUntil = nil
                state.nextSeries = 0
                continue
            }
            for id in ids {
                let allowed = budget - used
                try delete.execute(arguments: [id, passCutoff, allowed - 1])
                let deleted = db.changesCount
                result.rows += deleted
                // All `allowed` rows went: this series may hold more, so stay on it.
                if deleted >= allowed {
                    used += deleted
                    break passes
                }
                let chunkLimit = max((allowed - deleted) / Self.chunkCost, 1)
                let gone = try deleteChunks(seriesID: id, cutoff: passCutoff, limit: chunkLimit, db: db)
                result.chunks += gone.chunks
                used += max(deleted + gone.chunks * Self.chunkCost, 1)
                if gone.chunks >= chunkLimit { break passes }
                state.nextSeries = id + 1
                if used >= budget { break passes }
            }
        }
        // A pass in progress, or one due that the budget did not let start, is work left.
        if state.passUntil != nil { result.caughtUp = false }
        if let last = state.doneUntil, state.passUntil == nil, cutoff >= last + passEveryMS { result.caughtUp = false }
        try state.save(db: db)
        return result
    }
}
