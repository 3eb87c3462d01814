import Foundation
internal import GRDB
import OpsCore

extension AppDatabase {
    public func auditEntries(_ filter: AuditFilter, as context: ActorContext) throws(OpsError) -> [AuditEntry] {
        try read { db in
            try AccessPolicy.require(.auditRead, actor: try resolveActor(context, db: db))
            return try Self.fetchAudit(filter, db: db)
        }
    }

    /// Audit rows about one account (as target or actor), newest first: the console's detail view.
    public func recentAudit(about login: String, limit: Int, as context: ActorContext) throws(OpsError) -> [AuditEntry] {
        try read { db in
            try AccessPolicy.require(.auditRead, actor: try resolveActor(context, db: db))
            return try AuditEntry.fetchAll(db, sql: """
                SELECT * FROM audit WHERE id IN (
                    SELECT id FROM audit WHERE target = ? UNION SELECT id FROM audit WHERE actor = ?)
                ORDER BY id DESC LIMIT ?
                """, arguments: [login, login, limit])
        }
    }

    static func fetchAudit(_ filter: AuditFilter, db: Database) throws -> [AuditEntry] {
        let (whereSQL, args) = auditWhere(filter)
        var sql = "SELECT * FROM audit" + whereSQL
        sql += filter.newestFirst ? " ORDER BY id DESC" : " ORDER BY id"
        if let limit = filter.limit { sql += " LIMIT \(max(0, limit))" }
        return try AuditEntry.fetchAll(db, sql: sql, arguments: args)
    }

    /// The WHERE clause for `filter`, shared by list and export so both match the same rows.
    static func auditWhere(_ filter: AuditFilter) -> (String, StatementArguments) {
        var clauses: [String] = []
        var args = StatementArguments()
        if let actor = filter.actor { clauses.append("(actor = ? OR impersonator = ?)"); _ = args.append(contentsOf: [actor, actor]) }
        if let action = filter.action {
            if action.hasSuffix("*") {
                clauses.append("action GLOB ?"); _ = args.append(contentsOf: [action])
            } else {
                clauses.append("action = ?"); _ = args.append(contentsOf: [action])
            }
        }
        if let target = filter.target { clauses.append("target = ?"); _ = args.append(contentsOf: [target]) }
        if let since = filter.since { clauses.append("at >= ?"); _ = args.append(contentsOf: [Timestamp.format(since)]) }
        if let until = filter.until { clauses.append("at < ?"); _ = args.append(contentsOf: [Timestamp.format(until)]) }
        return (clauses.isEmpty ? "" : " WHERE " + clauses.joined(separator: " AND "), args)
    }

    /// Streams every matching row to `body` without loading them all (for export).
    public func forEachAuditEntry(_ filter: AuditFilter, as context: ActorContext, _ body: (AuditEntry) throws -> Void) throws(OpsError) {
        try read { db in
            try AccessPolicy.require(.auditExport, actor: try resolveActor(context, db: db))
            let (whereSQL, args) = Self.auditWhere(filter)
            let sql = "SELECT * FROM audit" + whereSQL + " ORDER BY id"
            try AuditEntry.forEach(db, sql: sql, arguments: args, body)
        }
    }

    /// Verifies the whole chain, against the latest anchor beside the store when there is
    /// one. Needs audit.read (the auditor's job), not an account when `context` is nil
    /// (used by `db check`, which any OS user with file access can run).
    public func verifyAudit(expectHead: String? = nil, as context: ActorContext?) throws(OpsError) -> AuditVerification {
        let anchor = latestAnchor()
        return try read { db in
            if let context { try AccessPolicy.require(.auditRead, actor: try resolveActor(context, db: db)) }
            return try AuditChain.verify(db: db, expectHead: expectHead, anchor: anchor)
        }
    }

    public func auditCount() throws(OpsError) -> Int {
        try read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM audit") ?? 0 }
    }
}
