internal import GRDB
import OpsCore

extension AppDatabase {
    /// How many audit rows match `text` (substring of actor, action or target); all rows
    /// when empty. Without text this is the head id: rows are numbered 1…n.
    public func auditMatchCount(text: String, as context: ActorContext) throws(OpsError) -> Int {
        try read { db in
            try AccessPolicy.require(.auditRead, actor: try resolveActor(context, db: db))
            if text.isEmpty { return try Int.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM audit") ?? 0 }
            let p = Self.likePattern(text)
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM audit WHERE actor LIKE ?1 ESCAPE '\\' OR action LIKE ?1 ESCAPE '\\' OR target LIKE ?1 ESCAPE '\\'", arguments: [p]) ?? 0
        }
    }

    /// A window of matching audit rows, newest first: only what a screen shows is loaded.
    public func auditWindow(text: String, offset: Int, limit: Int, as context: ActorContext) throws(OpsError) -> [AuditEntry] {
        try read { db in
            try AccessPolicy.require(.auditRead, actor: try resolveActor(context, db: db))
            if text.isEmpty {
                let head = try Int64.fetchOne(db, sql: "SELECT coalesce(max(id), 0) FROM audit") ?? 0
                let top = head - Int64(max(0, offset))
                return try AuditEntry.fetchAll(db, sql: "SELECT * FROM audit WHERE id <= ? ORDER BY id DESC LIMIT ?", arguments: [top, limit])
            }
            return try AuditEntry.fetchAll(db, sql: """
                SELECT * FROM audit WHERE actor LIKE ?1 ESCAPE '\\' OR action LIKE ?1 ESCAPE '\\' OR target LIKE ?1 ESCAPE '\\'
                ORDER BY id DESC LIMIT ?2 OFFSET ?3
                """, arguments: [Self.likePattern(text), limit, max(0, offset)])
        }
    }

    static func likePattern(_ text: String) -> String {
        "%" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
