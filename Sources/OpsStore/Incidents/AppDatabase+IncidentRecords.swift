import Foundation
internal import GRDB
import OpsCore

/// Links, the checklist, the breach clock, the postmortem and action items: each through
/// `actOnIncident`, so each is one transaction with its timeline entry and audit row.
extension AppDatabase {
    public enum IncidentLink: Sendable, Equatable {
        case alert(Int64)
        case ticket(TicketNumber)
    }

    @discardableResult
    public func linkIncident(_ number: IncidentNumber, _ link: IncidentLink, unlink: Bool = false, as context: ActorContext) throws(OpsError) -> Incident {
        try actOnIncident(number, action: unlink ? "incident.unlink" : "incident.link", as: context) { _, actor, now, db in
            let (table, column, id, what): (String, String, Int64, String)
            switch link {
            case let .alert(alert):
                (table, column, id, what) = ("incident_alert", "alert_id", alert, "alert \(alert)")
                if !unlink, try Bool.fetchOne(db, sql: "SELECT 1 FROM alert WHERE id = ?", arguments: [alert]) != true {
                    throw OpsError.notFound("No alert \(alert).")
                }
            case let .ticket(ticket):
                (table, column, id, what) = ("incident_ticket", "ticket", Int64(ticket.rawValue), ticket.description)
                if !unlink { _ = try Self.requireTicket(ticket, db: db) }
            }
            if unlink {
                try db.execute(sql: "DELETE FROM \(table) WHERE incident = ? AND \(column) = ?", arguments: [number.rawValue, id])
                guard db.changesCount > 0 else { throw OpsError.conflict("\(number) is not linked to \(what).") }
            } else {
                try db.execute(sql: "INSERT OR IGNORE INTO \(table) (incident, \(column), linked_at, linked_by) VALUES (?, ?, ?, ?)",
                               arguments: [number.rawValue, id, Timestamp.format(now), actor.login])
                guard db.changesCount > 0 else { throw OpsError.conflict("\(number) is already linked to \(what).") }
            }
            let kind: IncidentEntryKind = if case .alert = link { .alert } else { .ticket }
            return IncidentChange(kind: kind, text: "\(unlink ? "unlinked" : "linked") \(what)", after: .object(["link": .string(what)]))
        }
    }

    /// Ticks (or unticks) a checklist item, with who and when.
    @discardableResult
    public func tickIncidentChecklist(_ number: IncidentNumber, item name: String, undo: Bool = false, as context: ActorContext) throws(OpsError) -> Incident {
        try actOnIncident(number, action: "incident.checklist", as: context) { _, actor, now, db in
            let items = try String.fetchAll(db, sql: "SELECT item FROM incident_checklist WHERE incident = ? ORDER BY position", arguments: [number.rawValue])
                .compactMap(IncidentChecklistItem.init(rawValue:))
            let item = try IncidentChecklistItem.parse(name, among: items)
            let done = try String.fetchOne(db, sql: "SELECT done_at FROM incident_checklist WHERE incident = ? AND item = ?",
                                           arguments: [number.rawValue, item.rawValue]) != nil
            if done != undo { throw OpsError.conflict("\(item.title) is already \(done ? "done" : "not done") on \(number).") }
            try db.execute(sql: "UPDATE incident_checklist SET done_by = ?, done_at = ? WHERE incident = ? AND item = ?",
                           arguments: [undo ? nil : actor.login, undo ? nil : Timestamp.format(now), number.rawValue, item.rawValue])
            return IncidentChange(kind: .checklist, text: "\(undo ? "unticked" : "ticked") \(item.title)",
                                  after: .object(["item": .string(item.rawValue), "done": .bool(!undo)]))
        }
    }

    /// Flags a personal-data breach (starts the 72-hour clock) or records the regulator notification.
    @discardableResult
    public func recordIncidentBreach(_ number: IncidentNumber, notified reference: String? = nil, as context: ActorContext) throws(OpsError) -> Incident {
        let notice = try reference.map { (text) throws(OpsError) in try IncidentValidation.reason(text, field: "notified") }
        return try actOnIncident(number, action: notice == nil ? "incident.breach" : "incident.breach.notified", as: context) { incident, _, now, db in
            guard incident.category == .security || incident.category == .data else {
                throw OpsError.invalid(field: "breach", message: "only a security or data incident can be a personal-data breach.")
            }
            let stamp = Timestamp.format(now)
            if let notice {
                guard let deadline = IncidentClocks.breachDeadline(incident) else {
                    throw OpsError.conflict("\(number) is not flagged as a breach; flag it first (`incidents breach \(number)`).")
                }
                guard incident.breachNotifiedAt == nil else { throw OpsError.conflict("\(number)'s regulator notification is already recorded.") }
                try db.execute(sql: "UPDATE incident SET breach_notified_at = ?, breach_notice = ? WHERE number = ?", arguments: [stamp, notice, number.rawValue])
                let late = now > deadline ? " (late: the deadline was \(Timestamp.format(deadline)))" : " (within 72 hours)"
                return IncidentChange(kind: .breach, text: "regulator notified\(late): \(notice)",
                                      after: .object(["notified_at": .string(stamp), "in_time": .bool(now <= deadline)]), isUpdate: true)
            }
            guard incident.breachAt == nil else { throw OpsError.conflict("\(number) is already flagged as a breach since \(Timestamp.format(incident.breachAt ?? now)).") }
            try db.execute(sql: "UPDATE incident SET breach_at = ?, breach_reminded = '' WHERE number = ?", arguments: [stamp, number.rawValue])
            let deadline = now.addingTimeInterval(IncidentClocks.breachWindow)
            return IncidentChange(kind: .breach, text: "personal-data breach: the regulator must be notified by \(Timestamp.format(deadline)) (GDPR Art. 33)",
                                  after: .object(["breach_at": .string(stamp), "deadline": .string(Timestamp.format(deadline))]))
        }
    }

    /// Writes postmortem sections (a section given replaces that section) and, with
    /// `publish`, publishes it: summary and root cause are required then.
    @discardableResult
    public func editIncidentPostmortem(_ number: IncidentNumber, sections: [Postmortem.Section: String], customers: Int? = nil, minutes: Int? = nil,
                                       publish: Bool = false, as context: ActorContext) throws(OpsError) -> Incident {
        var checked: [Postmortem.Section: String] = [:]
        for (section, text) in sections { checked[section] = try IncidentValidation.body(text, field: section.rawValue) }
        if let customers { try InputLimits.count(customers, field: "customers") }
        if let minutes { try InputLimits.count(minutes, field: "minutes") }
        return try actOnIncident(number, action: publish ? "incident.postmortem.publish" : "incident.postmortem", as: context) { incident, actor, now, db in
            guard incident.status == .resolved || incident.status == .postmortem || incident.status == .closed else {
                throw OpsError.conflict("\(number) is \(incident.status); the postmortem starts once it is resolved.")
            }
            let stamp = Timestamp.format(now)
            if try Self.postmortem(number, db: db) == nil {
                let due = IncidentClocks.postmortemDue(resolvedAt: incident.resolvedAt ?? now, calendar: try SettingsStore.slaPolicy(db: db).calendar)
                try db.execute(sql: "INSERT INTO incident_postmortem (incident, due_at, updated_by, updated_at) VALUES (?, ?, ?, ?)",
                               arguments: [number.rawValue, Timestamp.format(due), actor.login, stamp])
            }
            for (section, column) in Self.postmortemColumns {
                guard let text = checked[section] else { continue }
                try db.execute(sql: "UPDATE incident_postmortem SET \(column) = ? WHERE incident = ?", arguments: [text, number.rawValue])
            }
            try db.execute(sql: """
                UPDATE incident_postmortem SET customers_affected = COALESCE(?, customers_affected), minutes_affected = COALESCE(?, minutes_affected),
                    updated_by = ?, updated_at = ? WHERE incident = ?
                """, arguments: [customers, minutes, actor.login, stamp, number.rawValue])
            if publish {
                let current = try Self.postmortem(number, db: db) ?? Postmortem()
                if current.publishedAt != nil { throw OpsError.conflict("\(number)'s postmortem is already published.") }
                try current.checkPublishable(number)
                try db.execute(sql: "UPDATE incident_postmortem SET published_at = ? WHERE incident = ?", arguments: [stamp, number.rawValue])
            }
            let names = checked.keys.map(\.rawValue).sorted()
            let text = publish ? "postmortem published" : "postmortem edited: \(names.isEmpty ? "impact figures" : names.joined(separator: ", "))"
            return IncidentChange(kind: .postmortem, text: text, after: .object(["sections": .array(names.map(JSONValue.string)), "published": .bool(publish)]))
        }
    }

    /// Adds an action item (owner must be an active account), or marks one done.
    @discardableResult
    public func addIncidentAction(_ number: IncidentNumber, title: String, owner: String, due: Date, as context: ActorContext) throws(OpsError) -> Incident {
        let title = try IncidentValidation.title(title)
        return try actOnIncident(number, action: "incident.action.add", as: context) { _, _, _, db in
            guard let account = try StaffQueries.find(login: owner, db: db), account.isActive else {
                throw OpsError.notFound("No active staff account \(Printable.excerpt(owner)) to own the action item.")
            }
            try db.execute(sql: "INSERT INTO incident_action (incident, title, owner, due_at) VALUES (?, ?, ?, ?)",
                           arguments: [number.rawValue, title, account.login, Timestamp.format(due)])
            let id = db.lastInsertedRowID
            return IncidentChange(kind: .postmortem, text: "action item A\(id) for \(account.login), due \(Timestamp.format(due).prefix(10)): \(title)",
                                  after: .object(["action": .int(id), "owner": .string(account.login), "due": .string(Timestamp.format(due))]))
        }
    }

    @discardableResult
    public func completeIncidentAction(_ number: IncidentNumber, action id: Int64, as context: ActorContext) throws(OpsError) -> Incident {
        try actOnIncident(number, action: "incident.action.done", as: context) { _, actor, now, db in
            guard let item = try ActionItem.fetchOne(db, sql: "SELECT * FROM incident_action WHERE id = ? AND incident = ?", arguments: [id, number.rawValue]) else {
                throw OpsError.notFound("\(number) has no action item A\(id).")
            }
            guard item.doneAt == nil else { throw OpsError.conflict("Action item A\(id) is already done.") }
            try db.execute(sql: "UPDATE incident_action SET done_at = ?, done_by = ? WHERE id = ?", arguments: [Timestamp.format(now), actor.login, id])
            return IncidentChange(kind: .postmortem, text: "action item A\(id) done", after: .object(["action": .int(id)]))
        }
    }
}
