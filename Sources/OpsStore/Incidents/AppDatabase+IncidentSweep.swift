import Foundation
internal import GRDB
import OpsCore

/// What one incident sweep did.
public struct IncidentSweepReport: Sendable, Equatable, Codable {
    public var updatesMissed = 0
    public var breachReminders = 0
    public var postmortemReminders = 0
    public var actionReminders = 0
    public init() {}
    public var changed: Bool { updatesMissed + breachReminders + postmortemReminders + actionReminders > 0 }
}

/// The collector's incident sweep, beside the ticket SLA sweep: missed updates (a timeline
/// entry and a page to the communications lead, or the commander without one), breach-clock
/// reminders (24 h, 4 h and at the deadline), and postmortem and action-item reminders when
/// due. Each reads a partial index, so an idle tick costs a few empty range reads; every
/// reminder has its entry and audit row in the sweep's one transaction.
extension AppDatabase {
    @discardableResult
    public func sweepIncidents(at now: Date, limit: Int = 200) throws(OpsError) -> IncidentSweepReport {
        let stamp = Timestamp.format(now)
        let anyDue = try read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM incident INDEXED BY incident_update_check WHERE update_check_at IS NOT NULL AND update_check_at <= ?)
                    OR EXISTS (SELECT 1 FROM incident INDEXED BY incident_breach_open WHERE breach_at IS NOT NULL AND breach_notified_at IS NULL)
                    OR EXISTS (SELECT 1 FROM incident_postmortem INDEXED BY incident_postmortem_due
                               WHERE published_at IS NULL AND reminded_at IS NULL AND due_at <= ?)
                    OR EXISTS (SELECT 1 FROM incident_action INDEXED BY incident_action_due WHERE done_at IS NULL AND reminded_at IS NULL AND due_at <= ?)
                """, arguments: [stamp, stamp, stamp]) == true
        }
        guard anyDue else { return IncidentSweepReport() }
        return try write { db in
            var report = IncidentSweepReport()
            for number in try Int.fetchAll(db, sql: """
                SELECT number FROM incident INDEXED BY incident_update_check WHERE update_check_at IS NOT NULL AND update_check_at <= ?
                ORDER BY update_check_at LIMIT ?
                """, arguments: [stamp, limit]).map(IncidentNumber.init(rawValue:)) {
                let incident = try Self.requireIncident(number, db: db)
                guard let due = IncidentClocks.nextUpdateDue(incident) else {
                    try db.execute(sql: "UPDATE incident SET update_check_at = NULL WHERE number = ?", arguments: [number.rawValue]); continue
                }
                if due <= now {
                    let roles = try Self.roles(number, db: db)
                    let who = roles[.commsLead].map { [IncidentRole.commsLead: $0] } ?? roles[.commander].map { [IncidentRole.commander: $0] } ?? [:]
                    try sweepEntry(number, action: "incident.update.missed", text: "update missed: one was due at \(Timestamp.format(due)) (\(incident.severity) cadence)",
                                   now: now, db: db)
                    try Self.page(incident, roles: who, reason: "update overdue", at: now, db: db)
                    report.updatesMissed += 1
                }
                // The next look: one cadence on, so a missed update reminds once per cadence.
                let next = max(due, now).addingTimeInterval(due <= now ? incident.severity.updateCadence : 0)
                try db.execute(sql: "UPDATE incident SET update_check_at = ? WHERE number = ?", arguments: [Timestamp.format(next), number.rawValue])
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT number, breach_reminded FROM incident INDEXED BY incident_breach_open WHERE breach_at IS NOT NULL AND breach_notified_at IS NULL LIMIT ?
                """, arguments: [limit]) {
                let number = IncidentNumber(row["number"] as Int)
                let incident = try Self.requireIncident(number, db: db)
                guard let deadline = IncidentClocks.breachDeadline(incident) else { continue }
                let sent = (row["breach_reminded"] as String? ?? "").split(separator: ",").map(String.init)
                let dueMarks = IncidentClocks.breachReminders.filter { deadline.addingTimeInterval(-$0) <= now }.map { String(Int($0 / 3_600)) + "h" }
                guard dueMarks.contains(where: { !sent.contains($0) }) else { continue }
                let left = deadline.timeIntervalSince(now)
                let text = left > 0 ? "breach clock: the regulator must be notified by \(Timestamp.format(deadline)) (\(Int(left / 3_600)) h left)"
                    : "breach clock: the 72-hour deadline \(Timestamp.format(deadline)) has passed without a notification"
                try sweepEntry(number, action: "incident.breach.remind", text: text, now: now, db: db)
                let roles = try Self.roles(number, db: db)
                try Self.page(incident, roles: roles.filter { $0.key == .securityLead || $0.key == .commander }, reason: "breach clock", at: now, db: db)
                try db.execute(sql: "UPDATE incident SET breach_reminded = ? WHERE number = ?",
                               arguments: [(sent + dueMarks.filter { !sent.contains($0) }).joined(separator: ","), number.rawValue])
                report.breachReminders += 1
            }
            for row in try Row.fetchAll(db, sql: """
                SELECT incident, due_at FROM incident_postmortem INDEXED BY incident_postmortem_due
                WHERE published_at IS NULL AND reminded_at IS NULL AND due_at <= ? LIMIT ?
                """, arguments: [stamp, limit]) {
                let number = IncidentNumber(row["incident"] as Int)
                let incident = try Self.requireIncident(number, db: db)
                try db.execute(sql: "UPDATE incident_postmortem SET reminded_at = ? WHERE incident = ?", arguments: [stamp, number.rawValue])
                try sweepEntry(number, action: "incident.postmortem.remind", text: "postmortem overdue (due \(row["due_at"] as String))", now: now, db: db)
                try Self.page(incident, roles: try Self.roles(number, db: db).filter { $0.key == .commander }, reason: "postmortem overdue", at: now, db: db)
                report.postmortemReminders += 1
            }
            for item in try ActionItem.fetchAll(db, sql: """
                SELECT * FROM incident_action INDEXED BY incident_action_due WHERE done_at IS NULL AND reminded_at IS NULL AND due_at <= ? LIMIT ?
                """, arguments: [stamp, limit]) {
                try db.execute(sql: "UPDATE incident_action SET reminded_at = ? WHERE id = ?", arguments: [stamp, item.id])
                let incident = try Self.requireIncident(item.incident, db: db)
                try sweepEntry(item.incident, action: "incident.action.remind", text: "action item A\(item.id) is due (\(item.owner))", now: now, db: db)
                try Self.page(incident, people: [("the owner of action item A\(item.id)", item.owner)], reason: "action item due", at: now, db: db)
                report.actionReminders += 1
            }
            return report
        }
    }

    private func sweepEntry(_ number: IncidentNumber, action: String, text: String, now: Date, db: Database) throws {
        try Self.appendIncidentEntry(number, .reminder, author: "system", body: text, at: now, db: db)
        try AuditChain.append(AuditChain.Record(action: action, target: number.description, after: .object(["note": .string(text)])),
                              actor: Self.alertActor, impersonator: nil, at: now, db: db)
    }
}
