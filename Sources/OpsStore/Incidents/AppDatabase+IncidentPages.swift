import Foundation
internal import GRDB
import OpsCore

/// Paged reads for screens that show a window of a long result: the incident list (tens of
/// thousands of incidents) and one incident's timeline (thousands of entries). They apply
/// the same permission and visibility rules as `incidents` and `incident`.
extension AppDatabase {
    static let activeStatuses: [IncidentStatus] = [.investigating, .identified, .monitoring]

    /// The statuses `filter` reads, split into the active ones (listed first, most severe
    /// first) and the rest (newest first).
    private static func split(_ filter: IncidentFilter) -> (active: [String], rest: [String]) {
        let all = filter.statuses ?? [.investigating, .identified, .monitoring, .resolved, .postmortem]
        let active = all.filter(\.isActive).map(\.rawValue).sorted()
        let rest = all.filter { !$0.isActive }.map(\.rawValue).sorted()
        return (active, rest)
    }

    /// The WHERE clause of a list read: `statuses` and the filter's severity and category.
    static func clause(_ statuses: [String], _ filter: IncidentFilter, actor: StaffAccount) -> (String, StatementArguments) {
        var sql = "status IN (\(statuses.map { _ in "?" }.joined(separator: ",")))"
        var args = StatementArguments(statuses)
        if let severity = filter.severity { sql += " AND severity = ?"; args += [severity.rawValue] }
        if let category = filter.category { sql += " AND category = ?"; args += [category.rawValue] }
        if filter.severity != nil || filter.category != nil {
            // A restricted incident the reader may not see never matches a severity or
            // category filter: its label appearing would tell them its severity or class.
            let (visible, visibleArgs) = visibility(actor)
            sql += " AND " + visible
            args += visibleArgs
        }
        return (sql, args)
    }

    /// One list row: the incident with its commander and next update, or its number alone
    /// when `actor` may not see it.
    static func listRow(_ incident: Incident, actor: StaffAccount, db: Database) throws -> IncidentListRow {
        let roles = try roles(incident.number, db: db)
        guard IncidentAccess.canSee(incident, actor: actor, responders: Set(roles.values)) else {
            return IncidentListRow(number: incident.number, incident: nil, commander: nil, nextUpdateDue: nil)
        }
        return IncidentListRow(number: incident.number, incident: incident, commander: roles[.commander],
                               nextUpdateDue: IncidentClocks.nextUpdateDue(incident))
    }

    /// SQL true for the incidents `actor` may read in full (the same rule as
    /// `IncidentAccess.canSee`): not a security incident, or the reader holds
    /// incidents.security, or is one of its named responders.
    static func visibility(_ actor: StaffAccount) -> (String, StatementArguments) {
        if actor.permissions.contains(.incidentsSecurity) { return ("1", []) }
        return ("(incident.category <> 'security' OR EXISTS (SELECT 1 FROM incident_role r WHERE r.incident = incident.number AND r.login = ?))",
                [actor.login])
    }

    /// The severity to order by: a restricted incident the reader may not see sorts after
    /// every severity, so its place does not tell its severity either.
    static func severityOrder(_ actor: StaffAccount) -> (String, StatementArguments) {
        let (visible, args) = visibility(actor)
        return ("CASE WHEN \(visible) THEN severity ELSE 5 END", args)
    }

    private static func count(_ statuses: [String], _ filter: IncidentFilter, actor: StaffAccount, db: Database) throws -> Int {
        guard !statuses.isEmpty else { return 0 }
        let (sql, args) = clause(statuses, filter, actor: actor)
        return try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM incident WHERE " + sql, arguments: args) ?? 0
    }

    /// How many incidents `filter` matches (its `limit` is ignored).
    public func incidentCount(_ filter: IncidentFilter = IncidentFilter(), as context: ActorContext) throws(OpsError) -> Int {
        try read { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.incidentsRead, actor: actor)
            let (active, rest) = Self.split(filter)
            return try Self.count(active, filter, actor: actor, db: db) + Self.count(rest, filter, actor: actor, db: db)
        }
    }

    /// Rows `offset ..< offset + limit` of the list: active incidents first (most severe,
    /// then newest), then the others newest first. Restricted ones the reader may not see
    /// come back as their number alone, as in `incidents`.
    public func incidentPage(_ filter: IncidentFilter = IncidentFilter(), offset: Int, limit: Int,
                             as context: ActorContext) throws(OpsError) -> [IncidentListRow] {
        try read { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.incidentsRead, actor: actor)
            let (active, rest) = Self.split(filter)
            let activeCount = try Self.count(active, filter, actor: actor, db: db)
            var found: [Incident] = []
            let limit = max(0, limit), offset = max(0, offset)
            if offset < activeCount, !active.isEmpty {
                let (sql, args) = Self.clause(active, filter, actor: actor)
                let (order, orderArgs) = Self.severityOrder(actor)
                found += try Incident.fetchAll(db, sql: "SELECT * FROM incident WHERE \(sql) ORDER BY \(order), number DESC LIMIT ? OFFSET ?",
                                               arguments: args + orderArgs + [limit, offset])
            }
            if found.count < limit, !rest.isEmpty {
                let (sql, args) = Self.clause(rest, filter, actor: actor)
                found += try Incident.fetchAll(db, sql: "SELECT * FROM incident WHERE \(sql) ORDER BY number DESC LIMIT ? OFFSET ?",
                                               arguments: args + [limit - found.count, max(0, offset - activeCount)])
            }
            return try found.map { try Self.listRow($0, actor: actor, db: db) }
        }
    }

    /// An incident without its timeline (which may be long: page it with `incidentEntries`),
    /// with the number of entries; the restricted label when the reader may not see it.
    public func incidentOverview(_ number: IncidentNumber, as context: ActorContext) throws(OpsError) -> (view: IncidentView, entries: Int) {
        try read { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.incidentsRead, actor: actor)
            let incident = try Self.requireIncident(number, db: db)
            let roles = try Self.roles(number, db: db)
            guard IncidentAccess.canSee(incident, actor: actor, responders: Set(roles.values)) else { return (.restricted(number), 0) }
            let detail = try Self.detail(incident, roles: roles, entries: false, db: db)
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM incident_entry WHERE incident = ?", arguments: [number.rawValue]) ?? 0
            return (.full(detail), count)
        }
    }

    /// Timeline entries `offset ..< offset + limit`, oldest first, with their pinned flag.
    public func incidentEntries(_ number: IncidentNumber, offset: Int, limit: Int, as context: ActorContext) throws(OpsError) -> [IncidentEntry] {
        try read { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.incidentsRead, actor: actor)
            try Self.checkVisible(try Self.requireIncident(number, db: db), actor: actor, db: db)
            return try IncidentEntry.fetchAll(db, sql: """
                SELECT e.*, EXISTS (SELECT 1 FROM incident_entry p INDEXED BY incident_entry_pins
                                    WHERE p.incident = e.incident AND p.kind = 'pin' AND p.refers_to = e.id) AS pinned
                FROM incident_entry e WHERE e.incident = ? ORDER BY e.id LIMIT ? OFFSET ?
                """, arguments: [number.rawValue, max(0, limit), max(0, offset)])
        }
    }

    /// The pinned entries, oldest first: the postmortem's timeline excerpt.
    public func incidentPinnedEntries(_ number: IncidentNumber, limit: Int = 200, as context: ActorContext) throws(OpsError) -> [IncidentEntry] {
        try read { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.incidentsRead, actor: actor)
            try Self.checkVisible(try Self.requireIncident(number, db: db), actor: actor, db: db)
            return try IncidentEntry.fetchAll(db, sql: """
                SELECT e.*, 1 AS pinned FROM incident_entry e
                WHERE e.incident = ? AND e.id IN (SELECT p.refers_to FROM incident_entry p INDEXED BY incident_entry_pins
                                                  WHERE p.incident = ? AND p.kind = 'pin')
                ORDER BY e.id LIMIT ?
                """, arguments: [number.rawValue, number.rawValue, max(1, limit)])
        }
    }

    /// The incident each of `alerts` is linked to (the newest when several), for marks in
    /// alert lists. Numbers only: a restricted incident's number is no secret.
    public func incidentsLinked(alerts: [Int64], as context: ActorContext) throws(OpsError) -> [Int64: IncidentNumber] {
        guard !alerts.isEmpty else { return [:] }
        return try read { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.incidentsRead, actor: actor)
            var linked: [Int64: IncidentNumber] = [:]
            for chunk in stride(from: 0, to: alerts.count, by: 500).map({ Array(alerts[$0 ..< min(alerts.count, $0 + 500)]) }) {
                let rows = try Row.fetchAll(db, sql: """
                    SELECT alert_id, MAX(incident) AS incident FROM incident_alert
                    WHERE alert_id IN (\(chunk.map { _ in "?" }.joined(separator: ","))) GROUP BY alert_id
                    """, arguments: StatementArguments(chunk))
                for row in rows { linked[row["alert_id"]] = IncidentNumber(row["incident"] as Int) }
            }
            return linked
        }
    }
}
