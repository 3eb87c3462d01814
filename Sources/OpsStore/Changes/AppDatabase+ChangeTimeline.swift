import Foundation
internal import GRDB
import OpsCore

/// An alert that started near a change: the Changes detail's "health after" list.
public struct ChangeAlert: Sendable, Equatable {
    public let id: Int64
    public let severity: String
    public let status: String
    public let service: String
    public let summary: String
    public let startsAt: Date
}

/// The Changes pane's reads (changes.read): a page of change events newest first under a
/// filter, its count, and the alerts that fired after one change. Every filter is one
/// index range (`change_event_at`, `_service_at`, `_kind_at`, `_status_at`), so a page
/// over a million events costs what a screen does.
extension AppDatabase {
    /// Counts stop here: the timeline says "10,000+" rather than walking a million index
    /// entries on every refresh to print an exact number nobody scrolls to.
    public static let changeCountCap = 10_000

    /// How many events the filter matches, at most `changeCountCap + 1`.
    public func changeEventCount(_ filter: ChangeFilter, as context: ActorContext) throws(OpsError) -> Int {
        guard filter.showsEvents else { return 0 }
        let (clause, arguments) = try Self.changeClause(filter)
        return try read { db in
            try AccessPolicy.require(.changesRead, actor: try resolveActor(context, db: db))
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM (SELECT 1 FROM change_event WHERE \(clause) LIMIT ?)",
                                    arguments: StatementArguments(arguments + [Self.changeCountCap + 1])) ?? 0
        }
    }

    /// A page of events under `filter`, newest first (ties: the later recorded first).
    public func changeEventPage(_ filter: ChangeFilter, offset: Int, limit: Int, as context: ActorContext) throws(OpsError) -> [ChangeEvent] {
        guard filter.showsEvents else { return [] }
        let (clause, arguments) = try Self.changeClause(filter)
        return try read { db in
            try AccessPolicy.require(.changesRead, actor: try resolveActor(context, db: db))
            return try ChangeEvent.fetchAll(db, sql: "SELECT * FROM change_event WHERE \(clause) ORDER BY at DESC, id DESC LIMIT ? OFFSET ?",
                                            arguments: StatementArguments(arguments + [max(1, min(limit, 1_000)), max(0, offset)]))
        }
    }

    /// Alerts that started within `window` after `event`: of its service for a deploy,
    /// rollback or infra change; of every service for config and flags, which reach the
    /// whole platform (`alert_all_starts`).
    public func alertsAfter(_ event: ChangeEvent, window: TimeInterval = 1_800, limit: Int = 20,
                            as context: ActorContext) throws(OpsError) -> [ChangeAlert] {
        let everywhere = event.kind == .config || event.kind == .flag
        return try read { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.changesRead, actor: actor)
            try AccessPolicy.require(.alertsRead, actor: actor)
            let rows = try Row.fetchAll(db, sql: """
                SELECT id, severity, status, service, summary, starts_at FROM alert INDEXED BY alert_all_starts
                WHERE starts_at >= ? AND starts_at <= ? AND (? OR service = ?) ORDER BY starts_at, id LIMIT ?
                """, arguments: [Timestamp.format(event.at), Timestamp.format(event.at.addingTimeInterval(window)), everywhere, event.service,
                                 max(1, limit)])
            return rows.map { row in
                ChangeAlert(id: row["id"], severity: row["severity"], status: row["status"], service: row["service"] ?? "",
                            summary: row["summary"], startsAt: (row["starts_at"] as String?).flatMap(Timestamp.parse) ?? event.at)
            }
        }
    }

    static func changeClause(_ filter: ChangeFilter) throws(OpsError) -> (String, [any DatabaseValueConvertible]) {
        var clauses: [String] = []
        var arguments: [any DatabaseValueConvertible] = []
        if let service = filter.service {
            clauses.append("service = ?")
            arguments.append(try IncidentValidation.name(service, field: "service"))
        }
        if let kind = filter.kind {
            clauses.append("kind = ?")
            arguments.append(kind.rawValue)
        }
        if let status = filter.status?.eventStatus {
            clauses.append("status = ?")
            arguments.append(status.rawValue)
        }
        if let env = filter.environment {
            // Config applies are recorded as "cs-12 apply staging r4".
            clauses.append("kind = 'config' AND ' ' || version || ' ' LIKE ?")
            arguments.append("% \(env.rawValue) %")
        }
        return (clauses.isEmpty ? "1" : clauses.joined(separator: " AND "), arguments)
    }
}
