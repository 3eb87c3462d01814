import GRDB
import OpsCore

extension AppDatabase {
    /// `alertPage` for the console pane: the same rows, with the filter restated so SQLite
    /// can use the partial indexes of migration "2026-11-28-alert-queue". A state filter
    /// inside the active set ("open", "acknowledged", "snoozed") does not by itself imply
    /// those indexes' WHERE clause, so a narrower state or a severity filter scanned the whole
    /// table; the restated terms (verbatim index WHERE and leading expressions) let SQLite
    /// walk the queue index instead.
    public func alertPanePage(_ query: AlertQuery, offset: Int, limit: Int, as context: ActorContext) throws(OpsError) -> (total: Int, rows: [AlertRecord]) {
        try read { db in
            try AccessPolicy.require(.alertsRead, actor: try resolveActor(context, db: db))
            let (whereSQL, args) = Self.paneWhere(query)
            // Counting the active queue from the queue index alone needs no table row; the
            // planner otherwise picks alert_group and reads every row to check `status`
            // (about 1 s instead of tens of ms on a million alerts, see BENCHMARKS.md).
            let indexOnly = whereSQL.contains(Self.activeTerms) && query.team == nil && query.assignee == nil && query.groupKey == nil
                && query.text.trimmingCharacters(in: .whitespaces).isEmpty && query.silenced == .include
            let from = indexOnly ? "alert INDEXED BY alert_queue_default" : "alert"
            let total = try Int.fetchOne(db, sql: "SELECT count(*) FROM \(from) WHERE \(whereSQL)", arguments: args) ?? 0
            return (total, try Self.paneWindow(query, offset: min(offset, max(total - 1, 0)), limit: limit, db: db))
        }
    }

    /// `alertWindow` for the console pane (see `alertPanePage`).
    public func alertPaneWindow(_ query: AlertQuery, offset: Int, limit: Int, as context: ActorContext) throws(OpsError) -> [AlertRecord] {
        try read { db in
            try AccessPolicy.require(.alertsRead, actor: try resolveActor(context, db: db))
            return try Self.paneWindow(query, offset: offset, limit: limit, db: db)
        }
    }

    static func paneWindow(_ query: AlertQuery, offset: Int, limit: Int, db: Database) throws -> [AlertRecord] {
        let (whereSQL, args) = paneWhere(query)
        var all = args
        _ = all.append(contentsOf: [max(0, limit), max(0, offset)])
        return try AlertRecord.fetchAll(db, sql: "SELECT * FROM alert WHERE \(whereSQL) ORDER BY \(query.orderClause()) LIMIT ? OFFSET ?",
                                        arguments: all)
    }

    static let activeTerms = "state IN ('open', 'acknowledged', 'snoozed') AND status <> 'pending'"

    /// The query's WHERE plus redundant terms that name the partial indexes' conditions.
    static func paneWhere(_ query: AlertQuery) -> (String, StatementArguments) {
        let (base, args) = query.whereClause()
        var sql = base
        let active: Set<AlertState> = [.open, .acknowledged, .snoozed]
        guard !query.states.isEmpty, query.states.isSubset(of: active), !query.includePending else { return (sql, args) }
        sql += " AND " + activeTerms
        if query.states == [.open] {
            sql += " AND (state <> 'open') = 0"
        } else if !query.states.contains(.open) {
            sql += " AND (state <> 'open') = 1"
        }
        if !query.severities.isEmpty, query.severities.count < AlertSeverity.allCases.count {
            let ranks = AlertSeverity.allCases.filter(query.severities.contains).map { String($0.rank) }.joined(separator: ", ")
            sql += " AND (CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END) IN (\(ranks))"
        }
        return (sql, args)
    }
}
