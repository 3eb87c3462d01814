internal import GRDB
import OpsCore

extension AppDatabase {
    /// A number that grows with every committed change. Every mutation writes an audit
    /// row in its transaction, so the audit head's id is a free change detector: a console
    /// polls this one-row read each refresh and reloads only when it moved.
    public func changeToken() throws(OpsError) -> Int64 {
        try read { db in try Int64.fetchOne(db, sql: "SELECT last_id FROM audit_head WHERE id = 1") ?? 0 }
    }
}
