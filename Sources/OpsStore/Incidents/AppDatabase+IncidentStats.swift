import Foundation
internal import GRDB
import OpsCore

extension AppDatabase {
    /// The KPIs over incidents declared since `since`. Restricted incidents the reader may not
    /// see still count in the figures (they say nothing about any one incident) but never by name.
    public func incidentStats(since: Date, as context: ActorContext) throws(OpsError) -> IncidentStats {
        try read { db in
            try AccessPolicy.require(.incidentsRead, actor: try resolveActor(context, db: db))
            let now = clock.now()
            let incidents = try Incident.fetchAll(db, sql: "SELECT * FROM incident INDEXED BY incident_declared WHERE declared_at >= ? ORDER BY number",
                                                  arguments: [Timestamp.format(since)])
            let stamp = Timestamp.format(now)
            let inputs = try incidents.map { incident in
                let n = incident.number.rawValue
                let firstAlert = try String.fetchOne(db, sql: """
                    SELECT MIN(a.starts_at) FROM incident_alert l JOIN alert a ON a.id = l.alert_id WHERE l.incident = ?
                    """, arguments: [n]).flatMap(Timestamp.parse)
                let firstTicket = try String.fetchOne(db, sql: """
                    SELECT MIN(t.opened_at) FROM incident_ticket l JOIN ticket t ON t.number = l.ticket WHERE l.incident = ?
                    """, arguments: [n]).flatMap(Timestamp.parse)
                let checklist = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS total, COUNT(done_at) AS done, MAX(done_at) AS last FROM incident_checklist WHERE incident = ?",
                                                 arguments: [n])
                let contained: Date? = if let checklist, (checklist["total"] as Int) > 0, checklist["total"] as Int == checklist["done"] as Int {
                    (checklist["last"] as String?).flatMap(Timestamp.parse)
                } else { nil }
                let pm = try Row.fetchOne(db, sql: "SELECT due_at, published_at FROM incident_postmortem WHERE incident = ?", arguments: [n])
                let open = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM incident_action WHERE incident = ? AND done_at IS NULL", arguments: [n]) ?? 0
                let overdue = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM incident_action WHERE incident = ? AND done_at IS NULL AND due_at < ?",
                                               arguments: [n, stamp]) ?? 0
                return IncidentStatsInput(incident: incident, firstAlertAt: firstAlert, firstTicketAt: firstTicket, containedAt: contained,
                                          postmortemDue: (pm?["due_at"] as String?).flatMap(Timestamp.parse),
                                          postmortemPublishedAt: (pm?["published_at"] as String?).flatMap(Timestamp.parse),
                                          actionItemsOpen: open, actionItemsOverdue: overdue)
            }
            return IncidentStats.compute(inputs, since: since, now: now)
        }
    }
}
