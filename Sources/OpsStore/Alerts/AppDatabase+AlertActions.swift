import Foundation
internal import GRDB
import OpsCore

/// What people do to alerts. Every action checks the acting user's permission, validates
/// the transition for EVERY alert named before changing any (a bulk action is all or
/// nothing), and writes the change, its history row and its audit row in one transaction.
extension AppDatabase {
    public static let maxBulk = 10_000
    public static let maxSnooze: TimeInterval = 7 * 86_400

    @discardableResult
    public func acknowledgeAlerts(_ ids: [Int64], note: String? = nil, expectedVersion: Int? = nil,
                                  as context: ActorContext) throws(OpsError) -> [AlertRecord] {
        try perform(.acknowledge, ids, note: note, expectedVersion: expectedVersion, as: context) { alert, actor, at, db in
            try db.execute(sql: """
                UPDATE alert SET state = 'acknowledged', acked_by = ?, acked_at = ?, ack_note = ?, snoozed_until = NULL WHERE id = ?
                """, arguments: [actor, Timestamp.format(at), note, alert.id])
            // Tell whoever was paged that someone has it (never the acknowledger).
            if alert.escalationLevel > 0, let team = alert.team {
                let routing = try AlertRoutingStore.current(db: db)
                if let level = routing.level(team: team, alert.escalationLevel) {
                    let n = try AlertNotifier.notify(logins: level.notify, alert: alert, subject: "[ACK] \(AlertNotifier.oneLine(alert.summary))",
                                                     intro: "Alert \(alert.id) was acknowledged by \(actor)\(note.map { ": \(AlertNotifier.oneLine($0))" } ?? ".")",
                                                     excluding: actor, at: at, db: db)
                    return ["notified": .int(Int64(n))]
                }
            }
            return [:]
        }
    }

    @discardableResult
    public func snoozeAlerts(_ ids: [Int64], until: Date, note: String? = nil, as context: ActorContext) throws(OpsError) -> [AlertRecord] {
        let now = clock.now()
        guard until > now else { throw .invalid(field: "until", message: "the snooze must end in the future (now is \(Timestamp.format(now))).") }
        guard until.timeIntervalSince(now) <= Self.maxSnooze else {
            throw .invalid(field: "until", message: "a snooze lasts at most 7 days; silence or fix the rule instead.")
        }
        return try perform(.snooze, ids, note: note, as: context) { alert, _, _, db in
            try db.execute(sql: "UPDATE alert SET state = 'snoozed', snoozed_until = ? WHERE id = ?",
                           arguments: [Timestamp.format(until), alert.id])
            return ["until": .string(Timestamp.format(until))]
        }
    }

    /// Resolves by hand: the occurrence ends; if the source still fires it, the next signal
    /// starts a new occurrence linked to this one.
    @discardableResult
    public func resolveAlerts(_ ids: [Int64], note: String? = nil, as context: ActorContext) throws(OpsError) -> [AlertRecord] {
        try perform(.resolve, ids, note: note, as: context, recordsEvent: false) { alert, actor, at, db in
            var env = try AlertSignals.Environment.load(db: db, actor: actor, impersonator: context.impersonator, at: at)
            if alert.status != .resolved {
                _ = try AlertSignals.endOccurrence(alert, at: at, actor: actor, bySource: false, note: note, env: &env, db: db)
            } else {
                try db.execute(sql: "UPDATE alert SET state = 'resolved', resolved_by = ?, resolved_at = ?, snoozed_until = NULL WHERE id = ?",
                               arguments: [actor, Timestamp.format(at), alert.id])
                try AlertSignals.event(alert.id, kind: "resolved", actor: actor, from: alert.state, to: .resolved, note: note, detail: nil, at: at, db: db,
                                       impersonator: context.impersonator)
            }
            return [:]
        }
    }

    /// Closes resolved alerts, or (falsePositive) any alert not yet closed, with a reason.
    /// A false positive stays closed while its source keeps firing it.
    @discardableResult
    public func closeAlerts(_ ids: [Int64], falsePositive: Bool, reason: String?, as context: ActorContext) throws(OpsError) -> [AlertRecord] {
        if falsePositive, (reason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw .invalid(field: "reason", message: "closing as a false positive needs a reason: say why it was not a real problem.")
        }
        return try perform(falsePositive ? .falsePositive : .close, ids, note: reason, as: context) { alert, actor, at, db in
            try db.execute(sql: """
                UPDATE alert SET state = 'closed', closed_by = ?, closed_at = ?, close_reason = ?, false_positive = ?, snoozed_until = NULL
                WHERE id = ?
                """, arguments: [actor, Timestamp.format(at), reason, falsePositive ? 1 : 0, alert.id])
            return [:]
        }
    }

    /// Pages the next level of the alert's team now.
    @discardableResult
    public func escalateAlerts(_ ids: [Int64], note: String? = nil, as context: ActorContext) throws(OpsError) -> [AlertRecord] {
        try perform(.escalate, ids, note: note, as: context) { alert, actor, at, db in
            let routing = try AlertRoutingStore.current(db: db)
            guard let team = alert.team, !routing.policy(team: team).isEmpty else {
                throw OpsError.conflict("Alert \(alert.id) has no escalation policy (team \(alert.team ?? "none")); assign it to a person instead.")
            }
            guard let next = routing.level(team: team, alert.escalationLevel + 1) else {
                throw OpsError.conflict("Alert \(alert.id) is already at team \(team)'s last level (\(alert.escalationLevel)).")
            }
            try db.execute(sql: "UPDATE alert SET escalation_level = ?, escalated_at = ? WHERE id = ?",
                           arguments: [next.level, Timestamp.format(at), alert.id])
            let stored = try Self.alert(id: alert.id, db: db)
            let env = try AlertSignals.Environment.load(db: db, actor: actor, impersonator: context.impersonator, at: at)
            let n = try AlertSignals.page(stored, level: next, reason: "escalated by \(actor)", env: env, db: db)
            return ["level": .int(Int64(next.level)), "emails": .int(Int64(n))]
        }
    }

    /// Assigns to a person (nil unassigns). The assignee must be an active account that
    /// may acknowledge and resolve alerts (what `AlertOpenWork` needs).
    @discardableResult
    public func assignAlerts(_ ids: [Int64], to login: String?, note: String? = nil, as context: ActorContext) throws(OpsError) -> [AlertRecord] {
        try perform(.assign, ids, note: note, as: context) { alert, _, _, db in
            if let login {
                guard let account = try StaffQueries.find(login: login, db: db) else {
                    throw OpsError.notFound("No staff account \(Printable.excerpt(login)) to assign to.")
                }
                guard account.isActive else { throw OpsError.conflict("'\(account.login)' is deactivated; assign to an active account.") }
                guard account.permissions.contains(.alertsAck) else {
                    throw OpsError.conflict("'\(account.login)' cannot acknowledge alerts (lacks alerts.ack); assign to someone on call.")
                }
                let missing = AlertOpenWork().requiredPermissions.subtracting(account.permissions).map(\.rawValue).sorted()
                guard missing.isEmpty else {
                    throw OpsError.conflict("'\(account.login)' cannot finish alerts (lacks \(missing.joined(separator: " and "))); assign to someone on call.")
                }
            }
            try db.execute(sql: "UPDATE alert SET assignee = ? WHERE id = ?", arguments: [login, alert.id])
            return ["assignee": login.map(JSONValue.string) ?? .null, "previous": alert.assignee.map(JSONValue.string) ?? .null]
        }
    }

    /// Adds a note to the history.
    @discardableResult
    public func annotateAlert(_ id: Int64, note: String, as context: ActorContext) throws(OpsError) -> AlertRecord {
        guard !note.trimmingCharacters(in: .whitespaces).isEmpty else { throw .invalid(field: "note", message: "the note is empty.") }
        return try perform(.note, [id], note: note, as: context) { _, _, _, _ in [:] }[0]
    }

    // MARK: - The one transition path

    private func perform(_ action: AlertAction, _ ids: [Int64], note rawNote: String?, expectedVersion: Int? = nil,
                         as context: ActorContext, recordsEvent: Bool = true,
                         _ body: (AlertRecord, String, Date, Database) throws -> [String: JSONValue]) throws(OpsError) -> [AlertRecord] {
        guard !ids.isEmpty else { throw .invalid(field: "id", message: "name at least one alert id.") }
        guard ids.count <= Self.maxBulk else { throw .invalid(field: "id", message: "at most \(Self.maxBulk) alerts per action (got \(ids.count)).") }
        let note = try Self.validNote(rawNote)
        let unique = ids.reduce(into: [Int64]()) { if !$0.contains($1) { $0.append($1) } }
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(action.permission, actor: actor)
            let now = clock.now()
            var alerts: [AlertRecord] = []
            for id in unique {
                guard let alert = try AlertRecord.fetchOne(db, sql: "SELECT * FROM alert WHERE id = ?", arguments: [id]) else {
                    throw OpsError.notFound("No alert \(id)\(unique.count > 1 ? "; nothing was changed" : "").")
                }
                if let expectedVersion, expectedVersion != alert.version {
                    throw OpsError.conflict("Alert \(id) was changed by \(Self.lastActor(alert)) (now version \(alert.version), you had \(expectedVersion)); reload and try again. Nothing was changed.")
                }
                if case let .failure(reason) = AlertLifecycle.next(action, from: alert.state, acknowledged: alert.ackedBy != nil) {
                    throw OpsError.conflict(Self.refusal(reason, action: action, alert: alert) + (unique.count > 1 ? " Nothing was changed." : ""))
                }
                alerts.append(alert)
            }
            var result: [AlertRecord] = []
            for alert in alerts {
                let detail = try body(alert, context.effectiveLogin, now, db)
                try db.execute(sql: "UPDATE alert SET version = version + 1, updated_at = ? WHERE id = ?", arguments: [Timestamp.format(now), alert.id])
                let after = try Self.alert(id: alert.id, db: db)
                if recordsEvent {
                    try AlertSignals.event(alert.id, kind: action.rawValue, actor: context.effectiveLogin, from: alert.state,
                                           to: after.state == alert.state ? nil : after.state, note: note,
                                           detail: detail.isEmpty ? nil : detail, at: now, db: db, impersonator: context.impersonator)
                }
                var afterAudit: [String: JSONValue] = ["state": .string(after.state.rawValue)]
                if let note { afterAudit["note"] = .string(note) }
                for (k, v) in detail { afterAudit[k] = v }
                try audit(AuditChain.Record(action: "alert.\(action.rawValue)", target: "alert:\(alert.id)",
                                            before: ["state": .string(alert.state.rawValue)], after: .object(afterAudit)), context, db: db)
                result.append(after)
            }
            return result
        }
    }

    static func validNote(_ raw: String?) throws(OpsError) -> String? {
        guard let raw else { return nil }
        let note = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if note.isEmpty { return nil }
        guard note.count <= 2_000 else { throw .invalid(field: "note", message: "the note is \(note.count) characters; the limit is 2000.") }
        guard !note.unicodeScalars.contains(where: Printable.isForbidden) else {
            throw .invalid(field: "note", message: "the note contains control or escape characters.")
        }
        return note
    }

    static func lastActor(_ alert: AlertRecord) -> String {
        if let by = alert.closedBy { return by }
        if let by = alert.resolvedBy { return by }
        if let by = alert.ackedBy { return by }
        return "someone"
    }

    static func refusal(_ reason: AlertTransitionError, action: AlertAction, alert: AlertRecord) -> String {
        func when(_ by: String?, _ at: Date?) -> String {
            [by.map { " by \($0)" }, at.map { " at \(Timestamp.format($0))" }].compactMap { $0 }.joined()
        }
        switch reason {
        case .alreadyAcknowledged:
            return "Alert \(alert.id) is already acknowledged\(when(alert.ackedBy, alert.ackedAt))."
        case .alreadyResolved:
            return "Alert \(alert.id) was already resolved\(when(alert.resolvedBy, alert.resolvedAt))."
        case .notResolved:
            return "Alert \(alert.id) is still \(alert.state.rawValue); resolve it first, or close it as a false positive with a reason."
        case .closed:
            return "Alert \(alert.id) is closed\(when(alert.closedBy, alert.closedAt)); nothing to \(action.verb)."
        case let .notActive(state):
            let who = state == .resolved ? when(alert.resolvedBy, alert.resolvedAt) : ""
            return "Cannot \(action.verb) alert \(alert.id): it is \(state.rawValue)\(who)."
        }
    }
}
