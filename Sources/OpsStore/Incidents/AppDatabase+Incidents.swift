import Foundation
internal import GRDB
import OpsCore

/// Declaring incidents. One transaction: permission, rules, the incident, its roles,
/// links, checklist, first timeline entries (declaration, each alert, the suspects), the
/// pages to its responders through the outbox, and the audit row.
extension AppDatabase {
    /// How far before detection a change counts as a suspect.
    public static let suspectWindow: TimeInterval = 24 * 3_600
    /// Suspects listed on the timeline at declaration (the query returns more on show).
    static let suspectEntries = 20

    public func declareIncident(_ new: NewIncident, as context: ActorContext) throws(OpsError) -> Incident {
        let title = try IncidentValidation.title(new.title)
        try new.check()
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.incidentsManage, actor: actor)
            let now = clock.now()
            for (role, login) in new.roles.sorted(by: { $0.key < $1.key }) { try Self.checkResponder(login, role: role, db: db) }
            var detected = new.detectedAt.map { min($0, now) } ?? now
            var services = new.services
            var customers = new.customers
            var alertLines: [(Int64, String)] = []
            for id in Array(Set(new.alerts)).sorted() {
                guard let row = try Row.fetchOne(db, sql: "SELECT starts_at, summary, labels, status FROM alert WHERE id = ?", arguments: [id]) else {
                    throw OpsError.notFound("No alert \(id); nothing was declared.")
                }
                if let start = (row["starts_at"] as String?).flatMap(Timestamp.parse) { detected = min(detected, start) }
                let labels = (try? JSONDecoder().decode([String: String].self, from: Data((row["labels"] as String).utf8))) ?? [:]
                if new.services.isEmpty, let service = labels["service"], let name = try? IncidentValidation.name(service, field: "service"),
                   !services.contains(name), services.count < IncidentValidation.maxServices {
                    services.append(name)
                }
                alertLines.append((id, "alert \(id) \(row["status"] as String): \(row["summary"] as String)"))
            }
            var ticketLine: String?
            if let number = new.ticket {
                let ticket = try Self.requireTicket(number, db: db)
                detected = min(detected, ticket.openedAt)
                if !customers.contains(ticket.customerID) { customers.append(ticket.customerID) }
                ticketLine = "\(number) (\(ticket.customerID)): \(ticket.title)"
            }
            var changeLine: String?
            if let id = new.change {
                guard let change = try ChangeEvent.fetchOne(db, sql: "SELECT * FROM change_event WHERE id = ?", arguments: [id]) else {
                    throw OpsError.notFound("No change \(id); nothing was declared.")
                }
                detected = min(detected, change.at)
                if !services.contains(change.service) { services.append(change.service) }
                changeLine = Self.describe(change)
            }
            let number = IncidentNumber(try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(number), 0) + 1 FROM incident") ?? 1)
            let source = new.ticket.map { "ticket \($0)" } ?? (new.alerts.isEmpty ? (new.change.map { "change \($0)" } ?? "manual") : "alerts")
            let stamp = Timestamp.format(now)
            let acknowledged = new.roles[.commander] == actor.login ? stamp : nil
            try db.execute(sql: """
                INSERT INTO incident (number, title, category, severity, status, security_class, source, services, customers, detected_at,
                                      declared_at, acknowledged_at, last_update_at, declared_by, updated_at, updated_by, version, update_check_at)
                VALUES (?, ?, ?, ?, 'investigating', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)
                """, arguments: [number.rawValue, title, new.category.rawValue, new.severity.rawValue, new.securityClass?.rawValue, source,
                                 services.joined(separator: ","), customers.joined(separator: ","), Timestamp.format(detected), stamp,
                                 acknowledged, stamp, actor.login, stamp, actor.login,
                                 Timestamp.format(now.addingTimeInterval(new.severity.updateCadence))])
            try Self.appendIncidentEntry(number, .declared, author: actor.login,
                                         body: "declared \(new.severity) \(new.category)\(new.securityClass.map { " (\($0))" } ?? ""): \(title)", at: now, db: db)
            for (role, login) in new.roles.sorted(by: { $0.key < $1.key }) {
                try db.execute(sql: "INSERT INTO incident_role (incident, role, login, assigned_at, assigned_by) VALUES (?, ?, ?, ?, ?)",
                               arguments: [number.rawValue, role.rawValue, login, stamp, actor.login])
                try Self.appendIncidentEntry(number, .role, author: actor.login, body: "\(role.title): \(login)", at: now, db: db)
            }
            for (id, line) in alertLines {
                try db.execute(sql: "INSERT INTO incident_alert (incident, alert_id, linked_at, linked_by) VALUES (?, ?, ?, ?)",
                               arguments: [number.rawValue, id, stamp, actor.login])
                try Self.appendIncidentEntry(number, .alert, author: "system", body: line, at: now, db: db)
            }
            if let ticket = new.ticket, let ticketLine {
                try db.execute(sql: "INSERT INTO incident_ticket (incident, ticket, linked_at, linked_by) VALUES (?, ?, ?, ?)",
                               arguments: [number.rawValue, ticket.rawValue, stamp, actor.login])
                try Self.appendIncidentEntry(number, .ticket, author: "system", body: "linked \(ticketLine)", at: now, db: db)
            }
            if let changeLine { try Self.appendIncidentEntry(number, .change, author: "system", body: "caused by \(changeLine)", at: now, db: db) }
            for (position, item) in new.checklist.enumerated() {
                try db.execute(sql: "INSERT INTO incident_checklist (incident, item, position) VALUES (?, ?, ?)",
                               arguments: [number.rawValue, item.rawValue, position])
            }
            for change in try Self.suspects(services: services, detected: detected, limit: Self.suspectEntries, db: db) where change.id != new.change {
                try Self.appendIncidentEntry(number, .change, author: "system", body: "suspect: \(Self.describe(change))", at: now, db: db)
            }
            let incident = try Self.requireIncident(number, db: db)
            try Self.page(incident, roles: new.roles, reason: "declared", at: now, db: db)
            try audit(AuditChain.Record(action: "incident.declare", target: number.description,
                                        after: .object(["title": .string(title), "category": .string(new.category.rawValue),
                                                        "severity": .string(new.severity.description), "source": .string(source),
                                                        "alerts": .int(Int64(alertLines.count)),
                                                        "roles": .object(new.roles.reduce(into: [:]) { $0[$1.key.rawValue] = .string($1.value) })])),
                      context, db: db)
            return incident
        }
    }

    // MARK: - Inside transactions

    static func requireIncident(_ number: IncidentNumber, db: Database) throws -> Incident {
        guard let incident = try Incident.fetchOne(db, sql: "SELECT * FROM incident WHERE number = ?", arguments: [number.rawValue]) else {
            throw OpsError.notFound("No incident \(number).")
        }
        return incident
    }

    @discardableResult
    static func appendIncidentEntry(_ number: IncidentNumber, _ kind: IncidentEntryKind, author: String, body: String, refersTo: Int64? = nil,
                                    at date: Date, db: Database) throws -> Int64 {
        try db.cachedExecute(sql: "INSERT INTO incident_entry (incident, kind, author, body, at, refers_to) VALUES (?, ?, ?, ?, ?, ?)",
                             arguments: [number.rawValue, kind.rawValue, author, body, Timestamp.format(date), refersTo])
        return db.lastInsertedRowID
    }

    static func roles(_ number: IncidentNumber, db: Database) throws -> [IncidentRole: String] {
        var roles: [IncidentRole: String] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT role, login FROM incident_role WHERE incident = ?", arguments: [number.rawValue]) {
            if let role = IncidentRole(rawValue: row["role"] as String) { roles[role] = row["login"] }
        }
        return roles
    }

    /// Refuses a write (or a read of the detail) on a restricted incident the actor may not see.
    static func checkVisible(_ incident: Incident, actor: StaffAccount, db: Database) throws {
        guard incident.isRestricted else { return }
        let responders = Set(try roles(incident.number, db: db).values)
        guard IncidentAccess.canSee(incident, actor: actor, responders: responders) else {
            throw OpsError.permissionDenied("Permission denied: \(IncidentAccess.restrictedLabel(incident.number)); only incidents.security holders and its named responders may see or change it.")
        }
    }

    /// A responder must be an active account that can work incidents.
    static func checkResponder(_ login: String, role: IncidentRole, db: Database) throws {
        guard let account = try StaffQueries.find(login: login, db: db) else {
            throw OpsError.notFound("No staff account \(Printable.excerpt(login)) to name \(role.title); nothing was changed.")
        }
        guard account.isActive else { throw OpsError.conflict("'\(account.login)' is deactivated; name someone active as \(role.title).") }
        guard account.permissions.contains(.incidentsManage) else {
            throw OpsError.conflict("'\(account.login)' lacks incidents.manage, so could not act as \(role.title); give them a role that has it (ops, security).")
        }
    }

    /// Changes to `services` in the window before detection, newest first: one range of
    /// `change_event_service_at` per service.
    static func suspects(services: [String], detected: Date, limit: Int, db: Database) throws -> [ChangeEvent] {
        guard !services.isEmpty else { return [] }
        let from = Timestamp.format(detected.addingTimeInterval(-suspectWindow))
        let to = Timestamp.format(detected)
        var found: [ChangeEvent] = []
        for service in services {
            found += try ChangeEvent.fetchAll(db, sql: """
                SELECT * FROM change_event INDEXED BY change_event_service_at WHERE service = ? AND at >= ? AND at <= ?
                ORDER BY at DESC LIMIT ?
                """, arguments: [service, from, to, limit])
        }
        return Array(found.sorted { ($0.at, $0.id) > ($1.at, $1.id) }.prefix(limit))
    }

    static func describe(_ change: ChangeEvent) -> String {
        "change \(change.id) \(change.kind) \(change.service)\(change.version.map { " " + $0 } ?? "") \(change.status) by \(change.by) at \(Timestamp.format(change.at))"
    }

    /// Pages responders through the outbox (one mail each, in this transaction), and writes
    /// who was reached and who could not be on the timeline, so no page is skipped silently.
    static func page(_ incident: Incident, roles: [IncidentRole: String], reason: String, at now: Date, db: Database) throws {
        try page(incident, people: roles.sorted(by: { $0.key < $1.key }).map { ("its \($0.key.title)", $0.value) }, reason: reason, at: now, db: db)
    }

    /// `people`: what each one is to the incident ("its commander", "on the security team") and their login.
    static func page(_ incident: Incident, people: [(String, String)], reason: String, at now: Date, db: Database) throws {
        var reached: [String] = []
        var missed: [String] = []
        for (what, login) in people {
            guard let account = try StaffQueries.find(login: login, db: db), account.isActive, let email = account.email, !email.isEmpty else {
                missed.append(login); continue
            }
            try OutboxStore.enqueue(kind: "incident", to: email, subject: "[\(incident.number)] \(incident.severity) \(reason): \(Printable.excerpt(incident.title))",
                                    body: pageBody(incident, what: what, reason: reason), at: now, db: db)
            reached.append(login)
        }
        var text = reached.isEmpty ? "paged nobody" : "paged " + reached.joined(separator: ", ")
        if !missed.isEmpty { text += "; could not reach " + missed.joined(separator: ", ") }
        try appendIncidentEntry(incident.number, .reminder, author: "system", body: text, at: now, db: db)
    }

    static func pageBody(_ incident: Incident, what: String, reason: String) -> String {
        """
        \(incident.number) \(incident.severity) \(incident.category) is \(incident.status) (\(reason)); you are \(what).

        \(Printable.excerpt(incident.title))
        Services: \(incident.services.isEmpty ? "-" : incident.services.joined(separator: ", "))

        Run `pmops incidents show \(incident.number)`.
        """
    }
}
