import GRDB
import OpsCore

/// Reads the console's Alert queue pane needs beyond the queue API.
extension AppDatabase {
    /// The tab badge: unacknowledged, unsilenced, firing critical alerts. The same count
    /// as `unacknowledgedCriticalCount()`, phrased so SQLite walks the queue's partial
    /// index `alert_queue_default` (its WHERE and leading expressions appear verbatim)
    /// instead of scanning every critical row ever stored.
    public func alertQueueBadge() throws(OpsError) -> Int {
        try read { db in
            try Int.fetchOne(db, sql: """
                SELECT count(*) FROM alert
                WHERE state IN ('open', 'acknowledged', 'snoozed') AND status <> 'pending'
                  AND (state <> 'open') = 0
                  AND (CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END) = 0
                  AND silence_id IS NULL
                """) ?? 0
        }
    }
}
