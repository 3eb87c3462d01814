import Foundation
internal import GRDB
import OpsCore

/// Opening and reading tickets. Every write checks tickets.manage, applies the OpsCore
/// rules and writes the ticket, its timeline entry and its audit row in one transaction.
extension AppDatabase {
    public func openTicket(_ new: NewTicket, as context: ActorContext) throws(OpsError) -> Ticket {
        let title = try TicketValidation.title(new.title)
        let body = try new.body.map { (text) throws(OpsError) in try TicketValidation.body(text) }
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.ticketsManage, actor: actor)
            return try insertTicket(new, title: title, body: body, actor: actor, context, db: db)
        }
    }

    /// Opens a ticket inside the caller's transaction (its entries, SLA and audit row too):
    /// `openTicket`, and actions that open one as a consequence (a Stripe dispute).
    func insertTicket(_ new: NewTicket, title: String, body: String?, actor: StaffAccount, _ context: ActorContext, db: Database) throws -> Ticket {
            let customer = try Self.requireCustomer(id: new.customer, db: db)
            var contact: String?
            if let email = new.contactEmail {
                guard let known = customer.contact(email: email) else {
                    throw OpsError.notFound("\(Printable.excerpt(email)) is not a contact of \(customer.id); its contacts are \(customer.contacts.map(\.email).joined(separator: ", ").nilIfEmpty ?? "none").")
                }
                contact = known.email
            }
            if let assignee = new.assignee { try Self.checkAssignee(assignee, db: db) }
            let number = TicketNumber(try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(number), 1000) + 1 FROM ticket") ?? 1_001)
            let now = clock.now()
            let ticket = Ticket(number: number, customerID: customer.id, contactEmail: contact, title: title, category: new.category,
                                priority: new.priority, status: .new, reporter: actor.login, assignee: new.assignee,
                                team: TicketRouting.standard.team(for: new.category), openedAt: now, updatedBy: actor.login)
            try db.execute(sql: """
                INSERT INTO ticket (number, customer_id, contact_email, title, category, priority, status, reporter, assignee, team,
                                    opened_at, updated_at, updated_by, version)
                VALUES (?, ?, ?, ?, ?, ?, 'new', ?, ?, ?, ?, ?, ?, 1)
                """, arguments: [number.rawValue, customer.id, contact, title, new.category.rawValue, new.priority.rawValue, actor.login,
                                 new.assignee, ticket.team, Timestamp.format(now), Timestamp.format(now), actor.login])
            try Self.appendEntry(number, .status, author: actor.login, body: "opened as \(new.priority) \(new.category.title) for \(ticket.team)",
                                 status: .new, at: now, db: db)
            if let body {
                try Self.appendEntry(number, contact == nil ? .note : .messageIn, author: contact.map { "customer:\($0)" } ?? actor.login,
                                     body: body, at: now, db: db)
            }
            if let alert = new.alert {
                guard try Bool.fetchOne(db, sql: "SELECT 1 FROM alert WHERE id = ?", arguments: [alert]) == true else {
                    throw OpsError.notFound("No alert \(alert).")
                }
                try db.execute(sql: "INSERT INTO ticket_alert (ticket, alert_id, linked_at, linked_by) VALUES (?, ?, ?, ?)",
                               arguments: [number.rawValue, alert, Timestamp.format(now), actor.login])
                try Self.appendEntry(number, .link, author: actor.login, body: "linked alert \(alert)", at: now, db: db)
            }
            try refreshSLA(number, db: db)
            var after: [String: JSONValue] = ["customer": .string(customer.id), "category": .string(new.category.rawValue),
                                              "priority": .string(new.priority.description), "team": .string(ticket.team),
                                              "title": .string(title)]
            if let alert = new.alert { after["alert"] = .int(alert) }
            try audit(AuditChain.Record(action: "ticket.open", target: number.description, after: .object(after)), context, db: db)
            return try Self.requireTicket(number, db: db)
    }

    /// The first `filter.limit` tickets of the queue, in the console's order (`ticketPage`).
    public func tickets(_ filter: TicketFilter = TicketFilter(), as context: ActorContext) throws(OpsError) -> [TicketSummary] {
        try ticketPage(filter, offset: 0, limit: filter.limit, as: context)
    }

    public func ticket(_ number: TicketNumber, as context: ActorContext) throws(OpsError) -> TicketDetail {
        try read { db in
            try AccessPolicy.require(.ticketsRead, actor: try resolveActor(context, db: db))
            let ticket = try Self.requireTicket(number, db: db)
            let entries = try TicketEntry.fetchAll(db, sql: "SELECT * FROM ticket_entry WHERE ticket = ? ORDER BY id", arguments: [number.rawValue])
            let alerts = try Int64.fetchAll(db, sql: "SELECT alert_id FROM ticket_alert WHERE ticket = ? ORDER BY alert_id", arguments: [number.rawValue])
            let children = try Int.fetchAll(db, sql: "SELECT number FROM ticket WHERE parent = ? ORDER BY number", arguments: [number.rawValue])
            return TicketDetail(ticket: ticket, customer: try Self.requireCustomer(id: ticket.customerID, db: db), entries: entries,
                                alerts: alerts, children: children.map(TicketNumber.init(rawValue:)),
                                sla: try Self.slaHistory(ticket, db: db).status(policy: try SettingsStore.slaPolicy(db: db), now: clock.now()))
        }
    }

    // MARK: - Inside transactions

    static func requireTicket(_ number: TicketNumber, db: Database) throws -> Ticket {
        guard let ticket = try Ticket.fetchOne(db, sql: "SELECT * FROM ticket WHERE number = ?", arguments: [number.rawValue]) else {
            throw OpsError.notFound("No ticket \(number).")
        }
        return ticket
    }

    static func appendEntry(_ number: TicketNumber, _ kind: TicketEntryKind, author: String, body: String, status: TicketStatus? = nil,
                            messageID: String? = nil, impersonator: String? = nil, at date: Date, db: Database) throws {
        try db.execute(sql: "INSERT INTO ticket_entry (ticket, kind, author, body, at, status, message_id) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       arguments: [number.rawValue, kind.rawValue, author, body, Timestamp.format(date), status?.rawValue, messageID])
        try IncidentAutoEntries.ticket(number, kind: kind, author: author, body: body, impersonator: impersonator, at: date, db: db)
    }

    /// The ticket's SLA inputs: its row and its status entries.
    static func slaHistory(_ ticket: Ticket, db: Database) throws -> SLAHistory {
        let rows = try Row.fetchAll(db, sql: "SELECT at, status FROM ticket_entry INDEXED BY ticket_entry_status_history WHERE ticket = ? AND status IS NOT NULL ORDER BY id",
                                    arguments: [ticket.number.rawValue])
        let changes = rows.compactMap { row -> SLAHistory.Change? in
            guard let at = (row["at"] as String?).flatMap(Timestamp.parse), let status = TicketStatus(rawValue: row["status"] as String? ?? "") else { return nil }
            return SLAHistory.Change(at: at, status: status)
        }
        // A billing-dispute ticket is due when Stripe wants the evidence (issue 18).
        let deadline = ticket.category == .billingDispute ? try Self.disputeDeadline(ticket.number, db: db) : nil
        return SLAHistory(priority: ticket.priority, category: ticket.category, openedAt: ticket.openedAt, firstResponseAt: ticket.firstResponseAt,
                          lastUpdateOutAt: ticket.lastUpdateOutAt, changes: changes, deadline: deadline)
    }

    /// Stores the next SLA deadline, which the queue's order reads by index, and asks the
    /// collector's sweep to look at the ticket on its next tick (a reply, a pause or a
    /// resolution may end a breach; a new deadline needs its reminder planned).
    func refreshSLA(_ number: TicketNumber, db: Database) throws {
        try refreshSLA(try Self.requireTicket(number, db: db), db: db)
    }

    func refreshSLA(_ ticket: Ticket, db: Database) throws {
        let number = ticket.number
        let now = clock.now()
        let status = try Self.slaHistory(ticket, db: db).status(policy: try SettingsStore.slaPolicy(db: db), now: now)
        let next = status.nextDue
        try db.execute(sql: "UPDATE ticket SET sla_due_at = ?, sla_kind = ?, sla_check_at = ? WHERE number = ?",
                       arguments: [next.map { Timestamp.format($0.due) }, next?.kind.rawValue, Timestamp.format(now), number.rawValue])
    }

    /// An assignee must be an active account that can work tickets.
    static func checkAssignee(_ login: String, db: Database) throws {
        guard let account = try StaffQueries.find(login: login, db: db) else { throw OpsError.notFound("No staff account \(Printable.excerpt(login)) to assign.") }
        guard account.isActive else { throw OpsError.conflict("'\(account.login)' is deactivated; assign the ticket to someone active.") }
        guard account.permissions.contains(.ticketsManage) else {
            throw OpsError.conflict("'\(account.login)' lacks tickets.manage, so could not work the ticket; give them a role that has it (support, success, ops, security, finance).")
        }
    }
}

extension String {
    fileprivate var nilIfEmpty: String? { isEmpty ? nil : self }
}
