import Foundation
internal import GRDB
import OpsCore

/// What people do to a ticket. Each action is one transaction: permission, rule check,
/// the change, its timeline entry, the refreshed SLA deadline and the audit row.
extension AppDatabase {
    /// The common frame of every action. `change` returns the entry to append and the audit
    /// record's `after`; the version goes up by one.
    private func act(_ number: TicketNumber, action: String, expectedVersion: Int? = nil, messageID: String? = nil, as context: ActorContext,
                     _ change: (Ticket, StaffAccount, Date, Database) throws -> (TicketEntryKind, String, JSONValue)) throws(OpsError) -> Ticket {
        try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.ticketsManage, actor: actor)
            let ticket = try Self.requireTicket(number, db: db)
            if let expectedVersion, expectedVersion != ticket.version {
                throw OpsError.conflict("\(number) was changed by \(ticket.updatedBy) at \(Timestamp.format(ticket.updatedAt)) (now version \(ticket.version), you had \(expectedVersion)); reload and try again. Nothing was changed.")
            }
            let now = clock.now()
            let (kind, text, after) = try change(ticket, actor, now, db)
            try db.execute(sql: "UPDATE ticket SET version = version + 1, updated_at = ?, updated_by = ? WHERE number = ?",
                           arguments: [Timestamp.format(now), actor.login, number.rawValue])
            // Read back once: the entry's status, the SLA deadline and the result all use it
            // (the deadline columns are not part of `Ticket`).
            let updated = try Self.requireTicket(number, db: db)
            try Self.appendEntry(number, kind, author: actor.login, body: text,
                                 status: kind == .status || kind == .resolution ? updated.status : nil, messageID: messageID,
                                 impersonator: context.impersonator, at: now, db: db)
            try refreshSLA(updated, db: db)
            try audit(AuditChain.Record(action: action, target: number.description, after: after), context, db: db)
            return updated
        }
    }

    @discardableResult
    public func noteTicket(_ number: TicketNumber, body: String, as context: ActorContext) throws(OpsError) -> Ticket {
        let body = try TicketValidation.body(body)
        return try act(number, action: "ticket.note", as: context) { _, _, _, _ in (.note, body, .object(["bytes": .int(Int64(body.utf8.count))])) }
    }

    /// Writes to the customer's contact through the outbox, subject tagged `[ESC-n]` and
    /// threaded (`Message-ID` kept on the entry, `In-Reply-To` the customer's last message)
    /// so replies find the ticket; the first one meets the first-response clock.
    @discardableResult
    public func replyToTicket(_ number: TicketNumber, body: String, as context: ActorContext) throws(OpsError) -> Ticket {
        let body = try TicketValidation.body(body)
        let messageID = MailThread.newMessageID(for: number, from: try settingValue(.mailFrom))
        return try act(number, action: "ticket.reply", messageID: messageID, as: context) { ticket, _, now, db in
            guard let to = ticket.contactEmail else {
                throw OpsError.conflict("\(number) has no customer contact to write to; add a note instead, or open the ticket with --contact.")
            }
            guard ticket.status != .closed else { throw OpsError.conflict("\(number) is closed; reopen it before writing to the customer.") }
            try OutboxStore.enqueue(kind: "ticket", to: to, subject: "\(number.subjectTag) \(ticket.title)", body: body,
                                    thread: try MailThread.load(number, messageID: messageID, db: db), at: now, db: db)
            try db.execute(sql: "UPDATE ticket SET first_response_at = COALESCE(first_response_at, ?), last_update_out_at = ? WHERE number = ?",
                           arguments: [Timestamp.format(now), Timestamp.format(now), number.rawValue])
            return (.updateOut, body, .object(["bytes": .int(Int64(body.utf8.count))]))
        }
    }

    @discardableResult
    public func assignTicket(_ number: TicketNumber, to login: String?, as context: ActorContext) throws(OpsError) -> Ticket {
        try act(number, action: "ticket.assign", as: context) { ticket, _, _, db in
            if let login { try Self.checkAssignee(login, db: db) }
            try db.execute(sql: "UPDATE ticket SET assignee = ? WHERE number = ?", arguments: [login, number.rawValue])
            return (.assignment, login.map { "assigned to \($0)" } ?? "unassigned",
                    .object(["from": ticket.assignee.map(JSONValue.string) ?? .null, "to": login.map(JSONValue.string) ?? .null]))
        }
    }

    /// Moves along `TicketLifecycle`; `expectedVersion` makes a racing change lose with
    /// "changed by X at T" (exit 5) instead of overwriting.
    @discardableResult
    public func setTicketStatus(_ number: TicketNumber, to target: TicketStatus, vendor: String? = nil, expectedVersion: Int? = nil,
                                as context: ActorContext) throws(OpsError) -> Ticket {
        let vendorName = target == .waitingVendor ? try TicketValidation.vendor(vendor) : nil
        return try act(number, action: "ticket.status", expectedVersion: expectedVersion, as: context) { ticket, _, _, db in
            try TicketLifecycle.check(from: ticket.status, to: target, ticket: number)
            try db.execute(sql: "UPDATE ticket SET status = ?, vendor = ? WHERE number = ?", arguments: [target.rawValue, vendorName, number.rawValue])
            let text = vendorName.map { "\(ticket.status.title) → \(target.title) (\($0))" } ?? "\(ticket.status.title) → \(target.title)"
            return (.status, text, .object(["from": .string(ticket.status.rawValue), "to": .string(target.rawValue)]))
        }
    }

    @discardableResult
    public func setTicketPriority(_ number: TicketNumber, to priority: TicketPriority, as context: ActorContext) throws(OpsError) -> Ticket {
        try act(number, action: "ticket.priority", as: context) { ticket, _, _, db in
            guard ticket.status.isOpen else { throw OpsError.conflict("\(number) is \(ticket.status.title); reopen it to change its priority.") }
            try db.execute(sql: "UPDATE ticket SET priority = ? WHERE number = ?", arguments: [priority.rawValue, number.rawValue])
            return (.priority, "\(ticket.priority) → \(priority)", .object(["from": .string(ticket.priority.description), "to": .string(priority.description)]))
        }
    }

    @discardableResult
    public func linkTicket(_ number: TicketNumber, alert id: Int64, as context: ActorContext) throws(OpsError) -> Ticket {
        try act(number, action: "ticket.link", as: context) { _, actor, now, db in
            guard try Bool.fetchOne(db, sql: "SELECT 1 FROM alert WHERE id = ?", arguments: [id]) == true else { throw OpsError.notFound("No alert \(id).") }
            try db.execute(sql: "INSERT OR IGNORE INTO ticket_alert (ticket, alert_id, linked_at, linked_by) VALUES (?, ?, ?, ?)",
                           arguments: [number.rawValue, id, Timestamp.format(now), actor.login])
            guard db.changesCount > 0 else { throw OpsError.conflict("\(number) is already linked to alert \(id).") }
            return (.link, "linked alert \(id)", .object(["alert": .int(id)]))
        }
    }

    /// Hangs a ticket under a parent (one outage, many customers); no cycles.
    @discardableResult
    public func setTicketParent(_ number: TicketNumber, to parent: TicketNumber?, as context: ActorContext) throws(OpsError) -> Ticket {
        try act(number, action: "ticket.parent", as: context) { _, _, _, db in
            if let parent {
                guard parent != number else { throw OpsError.invalid(field: "parent", message: "a ticket cannot be its own parent.") }
                var cursor: TicketNumber? = parent
                var steps = 0
                while let current = cursor, steps < 10_000 {
                    let row = try Self.requireTicket(current, db: db)
                    if row.parent == number { throw OpsError.conflict("\(parent) already hangs under \(number); a parent cannot be its own descendant.") }
                    cursor = row.parent
                    steps += 1
                }
            }
            try db.execute(sql: "UPDATE ticket SET parent = ? WHERE number = ?", arguments: [parent?.rawValue, number.rawValue])
            return (.parent, parent.map { "parent \($0)" } ?? "no parent", .object(["parent": parent.map { JSONValue.string($0.description) } ?? .null]))
        }
    }

    /// Resolves with a summary; a ticket with a contact also mails the summary and asks for
    /// a 1–5 rating (a reply whose first line is the digit sets CSAT through mail-in).
    @discardableResult
    public func resolveTicket(_ number: TicketNumber, summary: String?, as context: ActorContext) throws(OpsError) -> Ticket {
        let summary = try TicketValidation.summary(summary)
        let messageID = MailThread.newMessageID(for: number, from: try settingValue(.mailFrom))
        return try act(number, action: "ticket.resolve", messageID: messageID, as: context) { ticket, _, now, db in
            try TicketLifecycle.checkResolve(from: ticket.status, ticket: number)
            if let to = ticket.contactEmail {
                try OutboxStore.enqueue(kind: "ticket", to: to, subject: "\(number.subjectTag) Resolved: \(ticket.title)",
                                        body: TicketMail.resolutionBody(summary: summary),
                                        thread: try MailThread.load(number, messageID: messageID, db: db), at: now, db: db)
            }
            try db.execute(sql: "UPDATE ticket SET status = 'resolved', resolution = ?, resolved_at = ?, closed_at = NULL WHERE number = ?",
                           arguments: [summary, Timestamp.format(now), number.rawValue])
            return (.resolution, summary, .object(["from": .string(ticket.status.rawValue), "to": .string("resolved")]))
        }
    }

    @discardableResult
    public func closeTicket(_ number: TicketNumber, as context: ActorContext) throws(OpsError) -> Ticket {
        try act(number, action: "ticket.close", as: context) { ticket, _, now, db in
            try TicketLifecycle.checkClose(from: ticket.status, ticket: number)
            try db.execute(sql: "UPDATE ticket SET status = 'closed', closed_at = ? WHERE number = ?", arguments: [Timestamp.format(now), number.rawValue])
            return (.status, "resolved → closed", .object(["from": .string("resolved"), "to": .string("closed")]))
        }
    }

    /// Back to investigating, within the reopen window (`tickets.reopen_days`).
    @discardableResult
    public func reopenTicket(_ number: TicketNumber, as context: ActorContext) throws(OpsError) -> Ticket {
        try act(number, action: "ticket.reopen", as: context) { ticket, _, now, db in
            try TicketLifecycle.checkReopen(from: ticket.status, resolvedAt: ticket.resolvedAt, now: now,
                                            window: try SettingsStore.reopenWindow(db: db), ticket: number)
            try db.execute(sql: "UPDATE ticket SET status = 'investigating', closed_at = NULL WHERE number = ?", arguments: [number.rawValue])
            return (.status, "\(ticket.status.title) → investigating (reopened)", .object(["from": .string(ticket.status.rawValue), "to": .string("investigating")]))
        }
    }

    @discardableResult
    public func recordCSAT(_ number: TicketNumber, rating: Int, as context: ActorContext) throws(OpsError) -> Ticket {
        let rating = try TicketValidation.csat(rating)
        return try act(number, action: "ticket.csat", as: context) { ticket, _, _, db in
            guard !ticket.status.isOpen else { throw OpsError.conflict("\(number) is \(ticket.status.title); a rating is recorded once it is resolved.") }
            try db.execute(sql: "UPDATE ticket SET csat = ? WHERE number = ?", arguments: [rating, number.rawValue])
            return (.csat, "rated \(rating)/5", .object(["csat": .int(Int64(rating))]))
        }
    }
}
