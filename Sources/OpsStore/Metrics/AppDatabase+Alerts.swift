import Foundation
import GRDB
import OpsCore

// MARK: - Alert rows

/// Pure storage for the rules engine: the engine decides every transition, the store keeps
/// one open row per fingerprint and audits what people will ask about later.
///
/// Semantics of `upsertAlert`:
/// - An open (pending/firing) row for the fingerprint is refreshed: status, value, summary,
///   severity, labels, annotations, runbook and `last_seen_at`.
/// - Otherwise a row resolved less than `reopenWithin` ago is reopened (`ends_at` cleared,
///   assignee kept), so a flapping alert stays one row; otherwise a new row starts.
/// - `occurrences` counts entries into `firing`: +1 on pending→firing and on a resolved
///   row firing again, 1 for a new row that fires at once, 0 for a new pending row.
/// - Audited, with actor "collector" in the same transaction, whenever a row enters or
///   leaves `firing` (new→firing, pending→firing, resolved→firing, firing→resolved,
///   firing→pending). Pending-only changes are not: nobody was alerted.
extension AppDatabase {
    public static let alertActor = "collector"

    @discardableResult
    public func upsertAlert(_ upsert: AlertUpsert, reopenWithin: TimeInterval = 3600) throws(OpsError) -> AlertWrite {
        guard upsert.status.isOpen else {
            throw .invalid(field: "status", message: "an upsert is pending or firing; resolve with resolveAlert.")
        }
        return try write { db in
            let at = Timestamp.format(upsert.at)
            let previous: AlertRecord?
            var reopened = false
            if let open = try Self.openAlert(fingerprint: upsert.fingerprint, db: db) {
                previous = open
            } else if let last = try AlertRecord.fetchOne(db, sql: """
                SELECT * FROM alert WHERE fingerprint = ? AND status = 'resolved' ORDER BY id DESC LIMIT 1
                """, arguments: [upsert.fingerprint]), let ended = last.endsAt, upsert.at.timeIntervalSince(ended) < reopenWithin {
                previous = last
                reopened = true
            } else {
                previous = nil
            }
            let id: Int64
            if let previous {
                let bump = upsert.status == .firing && previous.status != .firing ? 1 : 0
                try db.execute(sql: """
                    UPDATE alert SET rule = ?, source = ?, labels = ?, annotations = ?, severity = ?, status = ?, summary = ?,
                        runbook_url = ?, value = ?, last_seen_at = ?, ends_at = NULL, occurrences = occurrences + ?
                    WHERE id = ?
                    """, arguments: [upsert.rule, upsert.source, AlertRecord.encode(upsert.labels), AlertRecord.encode(upsert.annotations),
                                     upsert.severity.rawValue, upsert.status.rawValue, upsert.summary, upsert.runbookURL,
                                     upsert.value, at, bump, previous.id])
                id = previous.id
            } else {
                try db.execute(sql: """
                    INSERT INTO alert (fingerprint, rule, source, labels, annotations, severity, status, summary, runbook_url,
                        value, starts_at, last_seen_at, occurrences, team)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [upsert.fingerprint, upsert.rule, upsert.source, AlertRecord.encode(upsert.labels),
                                     AlertRecord.encode(upsert.annotations), upsert.severity.rawValue, upsert.status.rawValue,
                                     upsert.summary, upsert.runbookURL, upsert.value, at, at,
                                     upsert.status == .firing ? 1 : 0, upsert.team])
                id = db.lastInsertedRowID
            }
            let stored = try Self.alert(id: id, db: db)
            let audited = try Self.auditTransition(from: previous?.status, to: stored, at: upsert.at, db: db)
            return AlertWrite(alert: stored, previousStatus: previous?.status, reopened: reopened, audited: audited)
        }
    }

    /// Resolves the open row of `fingerprint`; nil when none is open (resolving twice is
    /// harmless, so an engine restart can resolve what it no longer sees).
    @discardableResult
    public func resolveAlert(fingerprint: String, at date: Date) throws(OpsError) -> AlertWrite? {
        try write { db in
            guard let open = try Self.openAlert(fingerprint: fingerprint, db: db) else { return nil }
            try db.execute(sql: "UPDATE alert SET status = 'resolved', ends_at = ? WHERE id = ?",
                           arguments: [Timestamp.format(date), open.id])
            let stored = try Self.alert(id: open.id, db: db)
            let audited = try Self.auditTransition(from: open.status, to: stored, at: date, db: db)
            return AlertWrite(alert: stored, previousStatus: open.status, reopened: false, audited: audited)
        }
    }

    /// Pending and firing alerts, most severe first, then oldest first.
    public func openAlerts() throws(OpsError) -> [AlertRecord] {
        try read { db in
            try AlertRecord.fetchAll(db, sql: """
                SELECT * FROM alert WHERE status <> 'resolved'
                ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, starts_at, id
                """)
        }
    }

    /// The newest alerts (by last activity), optionally of one status.
    public func alerts(status: AlertStatus? = nil, limit: Int = 100) throws(OpsError) -> [AlertRecord] {
        try read { db in
            try AlertRecord.fetchAll(db, sql: """
                SELECT * FROM alert WHERE ?1 IS NULL OR status = ?1 ORDER BY last_seen_at DESC, id DESC LIMIT ?2
                """, arguments: [status?.rawValue, max(limit, 0)])
        }
    }

    /// The open row of a fingerprint, or nil.
    public func openAlert(fingerprint: String) throws(OpsError) -> AlertRecord? {
        try read { db in try Self.openAlert(fingerprint: fingerprint, db: db) }
    }

    static func openAlert(fingerprint: String, db: Database) throws -> AlertRecord? {
        try AlertRecord.fetchOne(db, sql: "SELECT * FROM alert WHERE fingerprint = ? AND status <> 'resolved'",
                                 arguments: [fingerprint])
    }

    static func alert(id: Int64, db: Database) throws -> AlertRecord {
        guard let alert = try AlertRecord.fetchOne(db, sql: "SELECT * FROM alert WHERE id = ?", arguments: [id]) else {
            throw OpsError.notFound("Alert \(id) vanished while it was being written.")
        }
        return alert
    }

    /// Writes the audit row of a change into or out of `firing`; returns whether it did.
    static func auditTransition(from old: AlertStatus?, to alert: AlertRecord, at date: Date, db: Database) throws -> Bool {
        guard old != alert.status, old == .firing || alert.status == .firing else { return false }
        var after: [String: JSONValue] = [
            "status": .string(alert.status.rawValue), "rule": .string(alert.rule), "fingerprint": .string(alert.fingerprint),
            "severity": .string(alert.severity.rawValue), "summary": .string(alert.summary),
            "occurrences": .int(Int64(alert.occurrences)),
        ]
        if let value = alert.value { after["value"] = .string(String(value)) }
        try AuditChain.append(AuditChain.Record(action: "alert.\(alert.status.rawValue)", target: "alert:\(alert.id)",
                                                before: old.map { ["status": .string($0.rawValue)] }, after: .object(after)),
                              actor: alertActor, impersonator: nil, at: date, db: db)
        return true
    }
}
