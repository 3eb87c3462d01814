import Foundation
internal import GRDB
import OpsCore

extension AppDatabase {
    /// The open alerts a source still reports, firing or pending (inside their `for`), worst
    /// first, then the soonest started. The dashboard derives every check's status from
    /// these rows and the queue shows the pending ones, so the grid, the header and the
    /// queue read one state and cannot disagree. Served by the open-alert index; `limit`
    /// bounds a store with a runaway number of open alerts.
    public func openAlertStates(limit: Int = 5_000) throws(OpsError) -> [AlertRecord] {
        try read { db in
            try AlertRecord.fetchAll(db, sql: """
                SELECT * FROM alert INDEXED BY alert_open_source
                WHERE status <> 'resolved' AND state NOT IN ('resolved', 'closed')
                ORDER BY status = 'pending', \(AlertQuery.severityRank), starts_at, id LIMIT ?
                """, arguments: [max(0, limit)])
        }
    }

    /// The pending alerts (inside their `for`), worst first.
    public func pendingAlerts(limit: Int = 50, as context: ActorContext) throws(OpsError) -> [AlertRecord] {
        try read { db in
            try AccessPolicy.require(.alertsRead, actor: try resolveActor(context, db: db))
            return try AlertRecord.fetchAll(db, sql: """
                SELECT * FROM alert INDEXED BY alert_open_source
                WHERE status <> 'resolved' AND status = 'pending' AND state NOT IN ('resolved', 'closed')
                ORDER BY \(AlertQuery.severityRank), starts_at, id LIMIT ?
                """, arguments: [max(0, limit)])
        }
    }
}
