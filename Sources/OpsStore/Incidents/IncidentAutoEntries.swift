import Foundation
internal import GRDB
import OpsCore
import Synchronization

/// Automatic timeline entries for what happens after declaration: a linked alert
/// acknowledged, escalated, resolved or firing again, a linked ticket's status change or
/// reply, a change recorded for an affected service. The store calls this hook where those
/// events are written (the alert history funnel, the ticket entry funnel, `recordChange`),
/// inside the event's own transaction, so an entry exists exactly when its event does.
/// Each entry has its audit row. Incidents in the postmortem or closed take none
/// (`IncidentStatus.followsLinkedEvents`).
package enum IncidentAutoEntries {
    /// One alert history row, as the hook sees it.
    struct AlertEvent {
        var alertID: Int64
        var kind: String
        var actor: String
        var note: String?
        var at: Date
        /// Who ran pmops when `actor` is acted as (`--as`): the entry's audit row records both.
        var impersonator: String?
    }

    /// The alert history kinds that reach a linked incident. `created` counts only for a
    /// new occurrence of a linked alert (it fired again).
    static func followsAlert(_ kind: String) -> Bool { alertVerbs[kind] != nil && benchmarkSwitch.load(ordering: .relaxed) }

    private static let benchmarkSwitch = Atomic<Bool>(true)

    /// Only `pmops bench alert-ingest` calls this, around its timed ingest, to measure the
    /// alert hook's cost (ingest with and without it, in one run). No setting, option or
    /// environment variable reaches it.
    package static func setAlertHookForBenchmark(_ on: Bool) { benchmarkSwitch.store(on, ordering: .relaxed) }

    static let alertVerbs: [String: String] = [
        "created": "fired again", "acknowledge": "acknowledged", "escalate": "escalated", "escalated": "escalated",
        "resolved": "resolved", "resolved_by_source": "resolved by its source",
    ]

    static let openStatuses = IncidentStatus.allCases.filter(\.followsLinkedEvents).map { "'\($0.rawValue)'" }.joined(separator: ",")

    /// Whether any incident that follows its alerts has one linked: the batch path asks once
    /// and skips its per-alert lookups in the common case (no such incident).
    static func anyAlertFollowed(db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM incident INDEXED BY incident_status WHERE status IN (\(openStatuses))
                           AND EXISTS (SELECT 1 FROM incident_alert WHERE incident = number))
            """) == true
    }

    static func alert(_ e: AlertEvent, db: Database) throws {
        guard let verb = alertVerbs[e.kind] else { return }
        if e.kind == "created" {
            // A new occurrence of a linked alert: linked as well, so its own changes follow.
            let rows = try Row.fetchAll(db, sql: """
                SELECT ia.incident, a.previous_id, a.summary FROM alert a JOIN incident_alert ia ON ia.alert_id = a.previous_id
                JOIN incident i ON i.number = ia.incident WHERE a.id = ? AND i.status IN (\(openStatuses))
                """, arguments: [e.alertID])
            for row in rows {
                let number = IncidentNumber(row["incident"] as Int)
                try db.execute(sql: "INSERT OR IGNORE INTO incident_alert (incident, alert_id, linked_at, linked_by) VALUES (?, ?, ?, 'system')",
                               arguments: [number.rawValue, e.alertID, Timestamp.format(e.at)])
                let previous: Int64 = row["previous_id"]
                try append(number, .alert, text: "alert \(previous) \(verb) as alert \(e.alertID) (linked): \(row["summary"] as String)",
                           source: "alert \(e.alertID)", actor: e.actor, impersonator: e.impersonator, at: e.at, db: db)
            }
            return
        }
        let numbers = try Int.fetchAll(db, sql: """
            SELECT ia.incident FROM incident_alert ia JOIN incident i ON i.number = ia.incident
            WHERE ia.alert_id = ? AND i.status IN (\(openStatuses)) ORDER BY ia.incident
            """, arguments: [e.alertID])
        for number in numbers.map(IncidentNumber.init(rawValue:)) {
            try append(number, .alert, text: "alert \(e.alertID) \(verb) by \(e.actor)\(e.note.map { ": " + $0 } ?? "")",
                       source: "alert \(e.alertID)", actor: e.actor, impersonator: e.impersonator, at: e.at, db: db)
        }
    }

    /// A ticket entry: status changes (and resolutions) and replies either way reach the
    /// incidents it is linked to; staff notes and the rest stay on the ticket.
    static func ticket(_ ticket: TicketNumber, kind: TicketEntryKind, author: String, body: String, impersonator: String?, at date: Date,
                       db: Database) throws {
        let what: String
        switch kind {
        case .status: what = "status " + firstLine(body)
        case .resolution: what = "resolved: " + firstLine(body)
        case .messageIn: what = "the customer wrote: " + firstLine(body)
        case .updateOut: what = "\(author) replied to the customer: " + firstLine(body)
        default: return
        }
        let numbers = try Int.fetchAll(db, sql: """
            SELECT it.incident FROM incident_ticket it JOIN incident i ON i.number = it.incident
            WHERE it.ticket = ? AND i.status IN (\(openStatuses)) ORDER BY it.incident
            """, arguments: [ticket.rawValue])
        for number in numbers.map(IncidentNumber.init(rawValue:)) {
            try append(number, .ticket, text: "\(ticket) \(what)", source: ticket.description, actor: author, impersonator: impersonator, at: date, db: db)
        }
    }

    /// A change to a service an incident lists as affected.
    static func change(_ change: ChangeEvent, actor: String, impersonator: String?, at date: Date, db: Database) throws {
        let numbers = try Int.fetchAll(db, sql: """
            SELECT number FROM incident INDEXED BY incident_status WHERE status IN (\(openStatuses))
            AND instr(',' || services || ',', ',' || ? || ',') > 0 ORDER BY number
            """, arguments: [change.service])
        for number in numbers.map(IncidentNumber.init(rawValue:)) {
            try append(number, .change, text: AppDatabase.describe(change), source: "change \(change.id)", actor: actor, impersonator: impersonator,
                       at: date, db: db)
        }
    }

    /// The first line, at most 200 characters (the whole text stays on the ticket).
    static func firstLine(_ text: String) -> String {
        let line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let cut = line.count > 200 ? String(line.prefix(200)) + "…" : line
        return text.contains("\n") && !cut.hasSuffix("…") ? cut + " …" : cut
    }

    private static func append(_ number: IncidentNumber, _ kind: IncidentEntryKind, text: String, source: String, actor: String,
                               impersonator: String?, at date: Date, db: Database) throws {
        let id = try AppDatabase.appendIncidentEntry(number, kind, author: "system", body: text, at: date, db: db)
        try AuditChain.append(AuditChain.Record(action: "incident.entry.auto", target: number.description,
                                                after: .object(["entry": .int(id), "kind": .string(kind.rawValue), "from": .string(source)])),
                              actor: actor, impersonator: impersonator, at: date, db: db)
    }
}
