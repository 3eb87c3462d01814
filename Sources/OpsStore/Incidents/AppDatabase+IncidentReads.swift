import Foundation
internal import GRDB
import OpsCore

/// What `incidents list`, `show` and `export` read. A restricted incident reads as its
/// label alone to someone who is neither an incidents.security holder nor a responder.
public struct IncidentFilter: Sendable, Equatable {
    /// Nil: active ones (investigating, identified, monitoring) and those awaiting a postmortem.
    public var statuses: Set<IncidentStatus>?
    public var severity: IncidentSeverity?
    public var category: IncidentCategory?
    public var limit: Int

    public init(statuses: Set<IncidentStatus>? = nil, severity: IncidentSeverity? = nil, category: IncidentCategory? = nil, limit: Int = 200) {
        self.statuses = statuses
        self.severity = severity
        self.category = category
        self.limit = limit
    }
}

extension AppDatabase {
    /// Active incidents first (most severe first), then the rest, newest first.
    public func incidents(_ filter: IncidentFilter = IncidentFilter(), as context: ActorContext) throws(OpsError) -> [IncidentListRow] {
        try read { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.incidentsRead, actor: actor)
            let statuses = (filter.statuses ?? [.investigating, .identified, .monitoring, .resolved, .postmortem]).map(\.rawValue).sorted()
            let (clause, clauseArgs) = Self.clause(statuses, filter, actor: actor)
            var sql = "SELECT * FROM incident WHERE " + clause
            var args = clauseArgs
            let (order, orderArgs) = Self.severityOrder(actor)
            sql += """
                 ORDER BY CASE WHEN status IN ('investigating','identified','monitoring') THEN 0 ELSE 1 END, \(order), number DESC LIMIT ?
                """
            args += orderArgs
            args += [max(1, filter.limit)]
            return try Incident.fetchAll(db, sql: sql, arguments: args).map { try Self.listRow($0, actor: actor, db: db) }
        }
    }

    public func incident(_ number: IncidentNumber, as context: ActorContext) throws(OpsError) -> IncidentView {
        try read { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.incidentsRead, actor: actor)
            let incident = try Self.requireIncident(number, db: db)
            let roles = try Self.roles(number, db: db)
            guard IncidentAccess.canSee(incident, actor: actor, responders: Set(roles.values)) else { return .restricted(number) }
            return .full(try Self.detail(incident, roles: roles, db: db))
        }
    }

    /// The full detail for export (a restricted incident is refused, not labelled: a file
    /// holding only a label would pass for a postmortem).
    public func incidentForExport(_ number: IncidentNumber, as context: ActorContext) throws(OpsError) -> IncidentDetail {
        try read { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.incidentsRead, actor: actor)
            let incident = try Self.requireIncident(number, db: db)
            try Self.checkVisible(incident, actor: actor, db: db)
            return try Self.detail(incident, roles: try Self.roles(number, db: db), db: db)
        }
    }

    /// `entries: false` leaves the timeline out (the console pages it).
    static func detail(_ incident: Incident, roles: [IncidentRole: String], entries withEntries: Bool = true, db: Database) throws -> IncidentDetail {
        let n = incident.number.rawValue
        let entries = !withEntries ? [] : try IncidentEntry.fetchAll(db, sql: """
            SELECT e.*, EXISTS (SELECT 1 FROM incident_entry p INDEXED BY incident_entry_pins
                                WHERE p.incident = e.incident AND p.kind = 'pin' AND p.refers_to = e.id) AS pinned
            FROM incident_entry e WHERE e.incident = ? ORDER BY e.id
            """, arguments: [n])
        let alerts = try Int64.fetchAll(db, sql: "SELECT alert_id FROM incident_alert WHERE incident = ? ORDER BY alert_id", arguments: [n])
        let tickets = try Int.fetchAll(db, sql: "SELECT ticket FROM incident_ticket WHERE incident = ? ORDER BY ticket", arguments: [n])
        let checklist = try Row.fetchAll(db, sql: "SELECT item, done_by, done_at FROM incident_checklist WHERE incident = ? ORDER BY position",
                                         arguments: [n]).compactMap { row -> IncidentChecklistState? in
            guard let item = IncidentChecklistItem(rawValue: row["item"] as String) else { return nil }
            return IncidentChecklistState(item: item, doneBy: row["done_by"], doneAt: (row["done_at"] as String?).flatMap(Timestamp.parse))
        }
        let evidence = try EvidenceItem.fetchAll(db, sql: "SELECT * FROM incident_evidence WHERE incident = ? ORDER BY id", arguments: [n])
        let actions = try ActionItem.fetchAll(db, sql: "SELECT * FROM incident_action WHERE incident = ? ORDER BY id", arguments: [n])
        return IncidentDetail(incident: incident, roles: roles, entries: entries, alerts: alerts, tickets: tickets.map(TicketNumber.init(rawValue:)),
                              suspects: try suspects(services: incident.services, detected: incident.detectedAt, limit: 50, db: db),
                              checklist: checklist, evidence: evidence, postmortem: try postmortem(incident.number, db: db), actionItems: actions)
    }

    static func postmortem(_ number: IncidentNumber, db: Database) throws -> Postmortem? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM incident_postmortem WHERE incident = ?", arguments: [number.rawValue]) else { return nil }
        var sections: [Postmortem.Section: String] = [:]
        for (section, column) in postmortemColumns {
            let text: String = row[column]
            if !text.isEmpty { sections[section] = text }
        }
        return Postmortem(sections: sections, customersAffected: row["customers_affected"], minutesAffected: row["minutes_affected"],
                          dueAt: (row["due_at"] as String?).flatMap(Timestamp.parse), publishedAt: (row["published_at"] as String?).flatMap(Timestamp.parse),
                          updatedBy: row["updated_by"], updatedAt: (row["updated_at"] as String?).flatMap(Timestamp.parse))
    }

    static let postmortemColumns: [(Postmortem.Section, String)] = [
        (.summary, "summary"), (.impact, "impact"), (.rootCause, "root_cause"), (.contributing, "contributing"),
        (.wentWell, "went_well"), (.wentWrong, "went_wrong"),
    ]

    /// Open action items across incidents (the ones the reader may see), soonest due first.
    public func openActionItems(as context: ActorContext) throws(OpsError) -> [ActionItem] {
        try read { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.incidentsRead, actor: actor)
            let items = try ActionItem.fetchAll(db, sql: "SELECT * FROM incident_action WHERE done_at IS NULL ORDER BY due_at, id LIMIT 10000")
            var visible: [Int: Bool] = [:]
            return try items.filter { item in
                if let known = visible[item.incident.rawValue] { return known }
                let incident = try Self.requireIncident(item.incident, db: db)
                let ok = IncidentAccess.canSee(incident, actor: actor, responders: Set(try Self.roles(item.incident, db: db).values))
                visible[item.incident.rawValue] = ok
                return ok
            }
        }
    }
}
