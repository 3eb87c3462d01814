import Foundation
internal import GRDB
import OpsCore

/// What people do to an incident. Each action is one transaction: identity, permission,
/// visibility, the rule, the change, its timeline entry and the audit row.
extension AppDatabase {
    /// What an action's body returns: the entry to append and the audit record's `after`.
    struct IncidentChange {
        var kind: IncidentEntryKind
        var text: String
        var after: JSONValue
        var refersTo: Int64?
        /// Counts as an update to stakeholders: the update clock restarts.
        var isUpdate = false
    }

    /// The common frame. The version goes up by one; `expectedVersion` makes a racing change
    /// lose with "changed by X at T" (exit 5) instead of overwriting.
    func actOnIncident(_ number: IncidentNumber, action: String, expectedVersion: Int? = nil, as context: ActorContext,
                       _ change: (Incident, StaffAccount, Date, Database) throws -> IncidentChange) throws(OpsError) -> Incident {
        try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.incidentsManage, actor: actor)
            let incident = try Self.requireIncident(number, db: db)
            try Self.checkVisible(incident, actor: actor, db: db)
            if let expectedVersion, expectedVersion != incident.version {
                throw OpsError.conflict("\(number) was changed by \(incident.updatedBy) at \(Timestamp.format(incident.updatedAt)) (now version \(incident.version), you had \(expectedVersion)); reload and try again. Nothing was changed.")
            }
            let now = clock.now()
            let result = try change(incident, actor, now, db)
            let stamp = Timestamp.format(now)
            let responder = try Self.roles(number, db: db).values.contains(actor.login)
            try db.execute(sql: """
                UPDATE incident SET version = version + 1, updated_at = ?, updated_by = ?,
                    acknowledged_at = CASE WHEN acknowledged_at IS NULL AND ? THEN ? ELSE acknowledged_at END,
                    last_update_at = CASE WHEN ? THEN ? ELSE last_update_at END
                WHERE number = ?
                """, arguments: [stamp, actor.login, responder, stamp, result.isUpdate, stamp, number.rawValue])
            let updated = try Self.requireIncident(number, db: db)
            try db.execute(sql: "UPDATE incident SET update_check_at = ? WHERE number = ?",
                           arguments: [IncidentClocks.nextUpdateDue(updated).map(Timestamp.format), number.rawValue])
            try Self.appendIncidentEntry(number, result.kind, author: actor.login, body: result.text, refersTo: result.refersTo, at: now, db: db)
            try audit(AuditChain.Record(action: action, target: number.description, after: result.after), context, db: db)
            return updated
        }
    }

    /// A note, decision, action taken or customer communication. `corrects` makes it a
    /// correction of an earlier entry (the earlier one stays as it was).
    @discardableResult
    public func noteIncident(_ number: IncidentNumber, kind: IncidentEntryKind = .note, body: String, corrects: Int64? = nil,
                             as context: ActorContext) throws(OpsError) -> Incident {
        let body = try IncidentValidation.body(body)
        guard IncidentEntryKind.manual.contains(kind) else {
            throw OpsError.invalid(field: "kind", message: "\(kind) entries are written by pmops; write a note, decision, action or comms.")
        }
        return try actOnIncident(number, action: "incident.note", as: context) { _, _, _, db in
            if let corrects { try Self.requireEntry(corrects, of: number, db: db) }
            return IncidentChange(kind: corrects == nil ? kind : .correction, text: body,
                                  after: .object(["kind": .string(kind.rawValue), "bytes": .int(Int64(body.utf8.count)),
                                                  "corrects": corrects.map(JSONValue.int) ?? .null]),
                                  refersTo: corrects, isUpdate: kind == .comms)
        }
    }

    @discardableResult
    public func pinIncidentEntry(_ number: IncidentNumber, entry: Int64, as context: ActorContext) throws(OpsError) -> Incident {
        try actOnIncident(number, action: "incident.pin", as: context) { _, _, _, db in
            let kind = try Self.requireEntry(entry, of: number, db: db)
            if try Bool.fetchOne(db, sql: "SELECT 1 FROM incident_entry WHERE incident = ? AND kind = 'pin' AND refers_to = ?",
                                 arguments: [number.rawValue, entry]) == true {
                throw OpsError.conflict("Entry \(entry) of \(number) is already pinned.")
            }
            return IncidentChange(kind: .pin, text: "pinned entry \(entry) (\(kind))", after: .object(["entry": .int(entry)]), refersTo: entry)
        }
    }

    /// Moves along `IncidentLifecycle`. Monitoring records mitigation; resolving records it
    /// too if it was not, and opens the postmortem, due in 5 business days; `falsePositive`
    /// closes from any open status with a reason.
    @discardableResult
    public func setIncidentStatus(_ number: IncidentNumber, to target: IncidentStatus, falsePositive: String? = nil, expectedVersion: Int? = nil,
                                  as context: ActorContext) throws(OpsError) -> Incident {
        let reason = try falsePositive.map { (text) throws(OpsError) in try IncidentValidation.reason(text, field: "reason") }
        return try actOnIncident(number, action: "incident.status", expectedVersion: expectedVersion, as: context) { incident, actor, now, db in
            let stamp = Timestamp.format(now)
            if let reason {
                guard target == .closed else { throw OpsError.invalid(field: "status", message: "a false positive closes the incident; use `status closed --false-positive`.") }
                guard incident.status != .closed else { throw OpsError.conflict("\(number) is already closed.") }
                try db.execute(sql: "UPDATE incident SET status = 'closed', closed_at = ?, close_reason = ? WHERE number = ?",
                               arguments: [stamp, reason, number.rawValue])
                return IncidentChange(kind: .status, text: "\(incident.status) → closed (false positive: \(reason))",
                                      after: .object(["from": .string(incident.status.rawValue), "to": "closed", "false_positive": true]), isUpdate: true)
            }
            try IncidentLifecycle.check(from: incident.status, to: target, incident: number)
            if target == .closed, incident.status == .postmortem,
               try String.fetchOne(db, sql: "SELECT published_at FROM incident_postmortem WHERE incident = ?", arguments: [number.rawValue]) == nil {
                throw OpsError.conflict("\(number)'s postmortem is not published; publish it (`incidents postmortem \(number) --publish`) before closing.")
            }
            try db.execute(sql: """
                UPDATE incident SET status = ?,
                    mitigated_at = CASE WHEN ? IN ('monitoring','resolved') THEN COALESCE(mitigated_at, ?) ELSE mitigated_at END,
                    resolved_at = CASE WHEN ? = 'resolved' THEN ? WHEN ? = 'investigating' THEN NULL ELSE resolved_at END,
                    closed_at = CASE WHEN ? = 'closed' THEN ? ELSE NULL END
                WHERE number = ?
                """, arguments: [target.rawValue, target.rawValue, stamp, target.rawValue, stamp, target.rawValue, target.rawValue, stamp,
                                 number.rawValue])
            if target == .resolved {
                let due = IncidentClocks.postmortemDue(resolvedAt: now, calendar: try SettingsStore.slaPolicy(db: db).calendar)
                try db.execute(sql: """
                    INSERT INTO incident_postmortem (incident, due_at, updated_by, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT (incident) DO UPDATE SET due_at = excluded.due_at, reminded_at = NULL WHERE published_at IS NULL
                    """, arguments: [number.rawValue, Timestamp.format(due), actor.login, stamp])
            }
            return IncidentChange(kind: .status, text: "\(incident.status) → \(target)",
                                  after: .object(["from": .string(incident.status.rawValue), "to": .string(target.rawValue)]), isUpdate: true)
        }
    }

    /// Changes the severity; `ongoingAttack` (security incidents) raises it to SEV-1 and
    /// pages every active incidents.security holder.
    @discardableResult
    public func setIncidentSeverity(_ number: IncidentNumber, to severity: IncidentSeverity, ongoingAttack: Bool = false,
                                    as context: ActorContext) throws(OpsError) -> Incident {
        try actOnIncident(number, action: "incident.severity", as: context) { incident, _, now, db in
            guard incident.status != .closed else { throw OpsError.conflict("\(number) is closed; its severity is what it was.") }
            if ongoingAttack {
                guard incident.category.isSecurity else { throw OpsError.invalid(field: "ongoing-attack", message: "only a security incident is an ongoing attack.") }
                guard severity == .sev1 else { throw OpsError.invalid(field: "severity", message: "an ongoing attack is SEV-1.") }
            } else if severity == incident.severity {
                throw OpsError.conflict("\(number) is already \(severity).")
            }
            try db.execute(sql: "UPDATE incident SET severity = ? WHERE number = ?", arguments: [severity.rawValue, number.rawValue])
            if ongoingAttack {
                var raised = incident
                raised.severity = .sev1
                try Self.page(raised, people: try Self.securityHolders(db: db).map { ("on the security team", $0) },
                              reason: "ongoing attack", at: now, db: db)
            }
            return IncidentChange(kind: .severity, text: "\(incident.severity) → \(severity)\(ongoingAttack ? " (ongoing attack)" : "")",
                                  after: .object(["from": .string(incident.severity.description), "to": .string(severity.description),
                                                  "ongoing_attack": .bool(ongoingAttack)]), isUpdate: true)
        }
    }

    /// Names (or, with nil, clears) a role; the commander and a security incident's security
    /// lead cannot be cleared, only handed over. The new holder is paged.
    @discardableResult
    public func setIncidentRole(_ number: IncidentNumber, _ role: IncidentRole, to login: String?, as context: ActorContext) throws(OpsError) -> Incident {
        try actOnIncident(number, action: "incident.role", as: context) { incident, actor, now, db in
            let current = try Self.roles(number, db: db)
            if let login {
                try Self.checkResponder(login, role: role, db: db)
                if current[role] == login { throw OpsError.conflict("\(login) is already \(number)'s \(role.title).") }
                try db.execute(sql: """
                    INSERT INTO incident_role (incident, role, login, assigned_at, assigned_by) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (incident, role) DO UPDATE SET login = excluded.login, assigned_at = excluded.assigned_at, assigned_by = excluded.assigned_by
                    """, arguments: [number.rawValue, role.rawValue, login, Timestamp.format(now), actor.login])
                try Self.page(incident, roles: [role: login], reason: "you are now \(role.title)", at: now, db: db)
            } else {
                guard current[role] != nil else { throw OpsError.conflict("\(number) has no \(role.title) to clear.") }
                if IncidentRole.required(for: incident.category).contains(role) {
                    throw OpsError.conflict("\(number) must keep a \(role.title); hand the role over (--to LOGIN) instead of clearing it.")
                }
                try db.execute(sql: "DELETE FROM incident_role WHERE incident = ? AND role = ?", arguments: [number.rawValue, role.rawValue])
            }
            return IncidentChange(kind: .role, text: "\(role.title): \(current[role] ?? "-") → \(login ?? "-")",
                                  after: .object(["role": .string(role.rawValue), "from": current[role].map(JSONValue.string) ?? .null,
                                                  "to": login.map(JSONValue.string) ?? .null]))
        }
    }

    // MARK: - Inside transactions

    @discardableResult
    static func requireEntry(_ id: Int64, of number: IncidentNumber, db: Database) throws -> IncidentEntryKind {
        guard let kind = try String.fetchOne(db, sql: "SELECT kind FROM incident_entry WHERE id = ? AND incident = ?", arguments: [id, number.rawValue]) else {
            throw OpsError.notFound("\(number) has no timeline entry \(id).")
        }
        return IncidentEntryKind(rawValue: kind) ?? .note
    }

    /// Active accounts holding incidents.security, by login.
    static func securityHolders(db: Database) throws -> [String] {
        try StaffQueries.list(StaffFilter(), offset: 0, limit: nil, db: db)
            .filter { $0.isActive && $0.permissions.contains(.incidentsSecurity) }.map(\.login).sorted()
    }
}
