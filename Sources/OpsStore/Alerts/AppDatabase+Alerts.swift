import Foundation
internal import GRDB
import OpsCore

// MARK: - Signals from sources (rules engine, Alertmanager)

// `AlertSignal` (OpsCore) is what a source says. The rules engine writes through
// `upsertAlert` / `resolveAlert`; Alertmanager payloads through `ingestAlerts` /
// `syncAlerts`. Both end in `AlertSignals.apply`.

/// What a batch of signals did.
public struct AlertIngestReport: Sendable, Equatable, Codable {
    public var created = 0
    public var updated = 0
    public var resolved = 0
    public var unchanged = 0
    public init(created: Int = 0, updated: Int = 0, resolved: Int = 0, unchanged: Int = 0) {
        self.created = created
        self.updated = updated
        self.resolved = resolved
        self.unchanged = unchanged
    }
}

/// Semantics of the engine's `upsertAlert`:
/// - An open (pending/firing) row for the fingerprint is refreshed: status, value, summary,
///   severity, labels, annotations, runbook and `last_seen_at`.
/// - Otherwise a new row starts, linked to the fingerprint's previous occurrence
///   (`previous_id`): an alert firing again after it resolved is a new occurrence.
/// - `occurrences` counts entries into `firing` of this row (0 while only pending).
/// - Entering or leaving `firing` is audited (actor "collector") in the same transaction.
extension AppDatabase {
    public static let alertActor = "collector"

    @discardableResult
    public func upsertAlert(_ upsert: AlertSignal) throws(OpsError) -> AlertWrite {
        guard upsert.status.isOpen else {
            throw .invalid(field: "status", message: "an upsert is pending or firing; resolve with resolveAlert.")
        }
        return try write { db in
            var env = try AlertSignals.Environment.load(db: db, actor: Self.alertActor, at: upsert.startsAt)
            let input = AlertSignals.Input(fingerprint: upsert.fingerprint, rule: upsert.rule, source: upsert.source,
                                           labels: upsert.labels, annotations: upsert.annotations, severity: upsert.severity,
                                           status: upsert.status, summary: upsert.summary, runbookURL: upsert.runbookURL,
                                           value: upsert.value, at: upsert.startsAt, startsAt: upsert.startsAt, team: upsert.team)
            let result = try AlertSignals.apply(input, env: &env, db: db)
            guard let alert = result.alert else { throw OpsError.failure("The alert write produced no row.") }
            return AlertWrite(alert: alert, previousStatus: result.previousStatus, reopened: false, audited: result.audited)
        }
    }

    /// Resolves the open row of `fingerprint`; nil when none is open (resolving twice is
    /// harmless, so an engine restart can resolve what it no longer sees).
    @discardableResult
    public func resolveAlert(fingerprint: String, at date: Date) throws(OpsError) -> AlertWrite? {
        try write { db in
            var env = try AlertSignals.Environment.load(db: db, actor: Self.alertActor, at: date)
            guard let open = try Self.openAlert(fingerprint: fingerprint, db: db) else { return nil }
            let stored = try AlertSignals.endOccurrence(open, at: date, actor: Self.alertActor, bySource: true, note: nil, env: &env, db: db)
            return AlertWrite(alert: stored.alert, previousStatus: open.status, reopened: false, audited: stored.audited)
        }
    }

    /// Applies a batch (an Alertmanager webhook) in ONE transaction: all or nothing.
    /// Needs alerts.manage.
    public func ingestAlerts(_ signals: [AlertSignal], actor context: ActorContext, at date: Date) throws(OpsError) -> AlertIngestReport {
        try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.alertsManage, actor: actor)
            return try AlertSignals.applyBatch(signals, actor: context.effectiveLogin, impersonator: context.impersonator, at: date, db: db)
        }
    }

    /// Like `ingestAlerts`, and also resolves this source's open alerts that `signals` no
    /// longer lists (an API poll is the whole truth of that source).
    public func syncAlerts(_ signals: [AlertSignal], source: String, actor context: ActorContext, at date: Date) throws(OpsError) -> AlertIngestReport {
        try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.alertsManage, actor: actor)
            return try AlertSignals.sync(signals, source: source, actor: context.effectiveLogin, impersonator: context.impersonator,
                                         at: date, db: db)
        }
    }

    /// The collector's form of `syncAlerts`: the collector is a system actor, not a person.
    public func syncAlertsFromCollector(_ signals: [AlertSignal], source: String, at date: Date) throws(OpsError) -> AlertIngestReport {
        try write { db in try AlertSignals.sync(signals, source: source, actor: Self.alertActor, at: date, db: db) }
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

    /// The open (pending or firing) alerts one source raised, e.g. "rules".
    public func openAlerts(source: String) throws(OpsError) -> [AlertRecord] {
        try read { db in
            try AlertRecord.fetchAll(db, sql: "SELECT * FROM alert INDEXED BY alert_open_source WHERE status <> 'resolved' AND source = ? ORDER BY id",
                                     arguments: [source])
        }
    }

    /// What the health dashboard shows of the firing alerts: how many per severity, and the
    /// `limit` most severe, oldest first. Firing here means in the active queue (open,
    /// acknowledged or snoozed, not pending): an alert closed as a false positive no longer
    /// counts while its source still fires. Both are ranges of alert_active_severity, so the
    /// cost does not grow with history (loading every open alert took 300 MB at 100,000).
    public func firingDigest(limit: Int) throws(OpsError) -> (counts: [AlertSeverity: Int], top: [AlertRecord]) {
        try read { db in
            var counts: [AlertSeverity: Int] = [:]
            for row in try Row.fetchAll(db, sql: """
                SELECT \(AlertQuery.severityRank) AS rank, count(*) AS n FROM alert INDEXED BY alert_active_severity
                WHERE \(AlertQueryPlan.activeTerms) GROUP BY rank
                """) {
                let rank: Int = row["rank"]
                counts[rank == 0 ? .critical : rank == 1 ? .warning : .info] = row["n"]
            }
            let top = try AlertRecord.fetchAll(db, sql: """
                SELECT * FROM alert INDEXED BY alert_active_severity WHERE \(AlertQueryPlan.activeTerms)
                ORDER BY \(AlertQuery.severityRank), starts_at, id LIMIT ?
                """, arguments: [max(0, limit)])
            return (counts, top)
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
        try AlertRecord.fetchOneCached(db, sql: "SELECT * FROM alert WHERE fingerprint = ? AND status <> 'resolved'",
                                 arguments: [fingerprint])
    }

    static func alert(id: Int64, db: Database) throws -> AlertRecord {
        guard let alert = try AlertRecord.fetchOneCached(db, sql: "SELECT * FROM alert WHERE id = ?", arguments: [id]) else {
            throw OpsError.notFound("No alert \(id).")
        }
        return alert
    }

    /// Writes the audit row of a change into or out of `firing`; returns whether it did.
    static func auditTransition(from old: AlertStatus?, to alert: AlertRecord, at date: Date, actor: String = alertActor,
                                impersonator: String? = nil, db: Database) throws -> Bool {
        guard old != alert.status, old == .firing || alert.status == .firing else { return false }
        var after: [String: JSONValue] = [
            "status": .string(alert.status.rawValue), "rule": .string(alert.rule), "fingerprint": .string(alert.fingerprint),
            "severity": .string(alert.severity.rawValue), "summary": .string(alert.summary),
            "occurrences": .int(Int64(alert.occurrences)),
        ]
        if let value = alert.value { after["value"] = .string(String(value)) }
        try AuditChain.append(AuditChain.Record(action: "alert.\(alert.status.rawValue)", target: "alert:\(alert.id)",
                                                before: old.map { ["status": .string($0.rawValue)] }, after: .object(after)),
                              actor: actor, impersonator: impersonator, at: date, db: db)
        return true
    }
}
