import Foundation
internal import GRDB
import OpsCore

/// Reads for the queue pane and the CLI. Windows only: the pane asks for the rows it
/// shows, never the whole table. Every read checks alerts.read for the acting user.
extension AppDatabase {
    public func alertCount(_ query: AlertQuery, as context: ActorContext) throws(OpsError) -> Int {
        try read { db in
            try AccessPolicy.require(.alertsRead, actor: try resolveActor(context, db: db))
            return try Self.count(AlertQueryPlan(query), limit: .max, db: db).0
        }
    }

    public func alertWindow(_ query: AlertQuery, offset: Int, limit: Int, as context: ActorContext) throws(OpsError) -> [AlertRecord] {
        try read { db in
            try AccessPolicy.require(.alertsRead, actor: try resolveActor(context, db: db))
            return try Self.alertWindow(query, offset: offset, limit: limit, db: db)
        }
    }

    /// Count and window from one snapshot (what a pane refresh needs).
    public func alertPage(_ query: AlertQuery, offset: Int, limit: Int, as context: ActorContext) throws(OpsError) -> (total: Int, rows: [AlertRecord]) {
        try read { db in
            try AccessPolicy.require(.alertsRead, actor: try resolveActor(context, db: db))
            let total = try Self.count(AlertQueryPlan(query), limit: .max, db: db).0
            return (total, try Self.alertWindow(query, offset: min(offset, max(total - 1, 0)), limit: limit, db: db))
        }
    }

    static func alertWindow(_ query: AlertQuery, offset: Int, limit: Int, db: Database) throws -> [AlertRecord] {
        let plan = AlertQueryPlan(query)
        var all = plan.arguments
        _ = all.append(contentsOf: [max(0, limit), max(0, offset)])
        return try AlertRecord.fetchAll(db, sql: "SELECT * FROM \(plan.from) WHERE \(plan.whereSQL) ORDER BY \(query.orderClause()) LIMIT ? OFFSET ?",
                                        arguments: all)
    }

    /// Groups of the query's alerts, worst and largest first.
    public func alertGroups(_ query: AlertQuery, limit: Int = 1_000, as context: ActorContext) throws(OpsError) -> [AlertGroup] {
        try read { db in
            try AccessPolicy.require(.alertsRead, actor: try resolveActor(context, db: db))
            let (whereSQL, args) = query.whereClause()
            var all = args
            _ = all.append(contentsOf: [limit])
            return try Row.fetchAll(db, sql: """
                SELECT group_key, count(*) AS n, sum(state = 'open') AS unacked,
                       min(CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END) AS worst,
                       min(starts_at) AS oldest, min(summary) AS summary
                FROM alert WHERE \(whereSQL) GROUP BY group_key ORDER BY worst, n DESC, group_key LIMIT ?
                """, arguments: all).map { row in
                let worst: Int = row["worst"]
                return AlertGroup(key: row["group_key"], count: row["n"], unacknowledged: row["unacked"] ?? 0,
                                  worst: worst == 0 ? .critical : worst == 1 ? .warning : .info,
                                  oldest: MetricTime.parse(row["oldest"]) ?? Date(timeIntervalSince1970: 0), summary: row["summary"] ?? "")
            }
        }
    }

    /// One alert with its history, earlier occurrences, related alerts and silence.
    public func alertDetail(id: Int64, as context: ActorContext) throws(OpsError) -> AlertDetail {
        try read { db in
            try AccessPolicy.require(.alertsRead, actor: try resolveActor(context, db: db))
            let alert = try Self.alert(id: id, db: db)
            let history = try AlertEvent.fetchAll(db, sql: "SELECT * FROM alert_event WHERE alert_id = ? ORDER BY id", arguments: [id])
            let previous = try AlertRecord.fetchAll(db, sql: "SELECT * FROM alert WHERE fingerprint = ? AND id < ? ORDER BY id DESC LIMIT 20",
                                                    arguments: [alert.fingerprint, id])
            let from = Timestamp.format(alert.startsAt.addingTimeInterval(-300))
            let to = Timestamp.format(alert.startsAt.addingTimeInterval(300))
            let host = alert.labels["instance"] ?? alert.labels["host"] ?? ""
            let related = try AlertRecord.fetchAll(db, sql: """
                SELECT * FROM alert WHERE starts_at BETWEEN ? AND ? AND id <> ? AND fingerprint <> ?
                  AND ((? <> '' AND service = ?) OR (? <> '' AND (json_extract(labels, '$.instance') = ? OR json_extract(labels, '$.host') = ?)))
                ORDER BY starts_at, id LIMIT 50
                """, arguments: [from, to, id, alert.fingerprint, alert.service, alert.service, host, host, host])
            let silence = try alert.silenceID.flatMap { try Silence.fetchOne(db, sql: "SELECT * FROM silence WHERE id = ?", arguments: [$0]) }
            return AlertDetail(alert: alert, history: history, previous: previous, related: related, silence: silence,
                               pages: try OnCallStore.pages(alertID: id, now: clock.now(), db: db))
        }
    }

    /// Unacknowledged, unsilenced critical alerts: the tab badge. One range of the queue
    /// index (`(state <> 'open') = 0 AND rank = 0`), which holds silence_id, so no table row
    /// is read; a plain `severity = 'critical'` filter was planned on alert_status_severity
    /// and read every critical ever stored (~1 s at 1M rows).
    public func unacknowledgedCriticalCount() throws(OpsError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM alert INDEXED BY alert_queue
                WHERE \(AlertQueryPlan.activeTerms) AND (state <> 'open') = 0
                  AND \(AlertQuery.severityRank) = 0 AND silence_id IS NULL
                """) ?? 0
        }
    }

    /// The newest alert id (the pane notices arrivals by it).
    public func latestAlertID() throws(OpsError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM alert") ?? 0 }
    }

    /// Time to acknowledge and to resolve, median and p90, per severity and team, for
    /// alerts that started since `since` (firing ones only; pending never paged anyone).
    public func alertStats(since: Date, as context: ActorContext) throws(OpsError) -> [AlertStatsRow] {
        try read { db in
            try AccessPolicy.require(.alertsRead, actor: try resolveActor(context, db: db))
            var buckets: [String: (severity: String, team: String, n: Int, ack: [Double], res: [Double])] = [:]
            let rows = try Row.fetchCursor(db, sql: """
                SELECT severity, coalesce(team, '-') AS team, starts_at, acked_at, coalesce(resolved_at, ends_at) AS done
                FROM alert WHERE starts_at >= ? AND status <> 'pending'
                """, arguments: [Timestamp.format(since)])
            while let row = try rows.next() {
                let severity: String = row["severity"]
                let team: String = row["team"]
                let key = severity + "\u{0}" + team
                var bucket = buckets[key] ?? (severity, team, 0, [], [])
                bucket.n += 1
                if let start = MetricTime.parse(row["starts_at"]) {
                    if let acked = (row["acked_at"] as String?).flatMap(MetricTime.parse) { bucket.ack.append(max(0, acked.timeIntervalSince(start))) }
                    if let done = (row["done"] as String?).flatMap(MetricTime.parse) { bucket.res.append(max(0, done.timeIntervalSince(start))) }
                }
                buckets[key] = bucket
            }
            let rank = ["critical": 0, "warning": 1, "info": 2]
            return buckets.values.sorted { (rank[$0.severity] ?? 3, $0.team) < (rank[$1.severity] ?? 3, $1.team) }.map { b in
                AlertStatsRow(severity: b.severity, team: b.team, alerts: b.n, acknowledged: b.ack.count, resolved: b.res.count,
                              ackMedian: Self.quantile(b.ack, 0.5), ackP90: Self.quantile(b.ack, 0.9),
                              resolveMedian: Self.quantile(b.res, 0.5), resolveP90: Self.quantile(b.res, 0.9))
            }
        }
    }

    /// Nearest-rank quantile (nil for no data).
    static func quantile(_ values: [Double], _ q: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = Int((q * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank - 1, 0), sorted.count - 1)]
    }
}
