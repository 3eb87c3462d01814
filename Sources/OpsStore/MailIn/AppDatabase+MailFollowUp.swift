import Foundation
internal import GRDB
import OpsCore

/// A customer's reply to a ticket finished longer ago than the reopen window
/// (`tickets.reopen_days`, counted from its resolution) does not reopen it: it opens a
/// follow-up, so the old ticket's SLA figures stay what they were. The follow-up hangs
/// under the old ticket (its parent), for the same customer and contact, with the old
/// category and priority, in triage; both timelines get a link entry and both an audit
/// row, in the transaction that stores the message.
extension AppDatabase {
    /// Places a reply found for `number` (by thread or tag): appended (or rated) on the
    /// ticket itself, or on a new follow-up when the ticket is past its reopen window.
    func placeReply(_ number: TicketNumber, body: String, sender: String, messageID: String, actor: StaffAccount,
                    context: ActorContext, db: Database) throws -> (MailInOutcome, TicketNumber) {
        let ticket = try Self.requireTicket(number, db: db)
        let now = clock.now()
        let window = try SettingsStore.reopenWindow(db: db)
        if ticket.status.isOpen || TicketLifecycle.replyReopens(status: ticket.status, resolvedAt: ticket.resolvedAt, now: now, window: window) {
            return (try appendMail(number, body: body, sender: sender, messageID: messageID, actor: actor, context: context, db: db), number)
        }
        let followUp = try openFollowUp(of: ticket, window: window, body: body, sender: sender, messageID: messageID,
                                        actor: actor, context: context, db: db)
        return (.followUp, followUp)
    }

    private func openFollowUp(of old: Ticket, window: TimeInterval, body: String, sender: String, messageID: String, actor: StaffAccount,
                              context: ActorContext, db: Database) throws -> TicketNumber {
        let number = TicketNumber(try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(number), 1000) + 1 FROM ticket") ?? 1_001)
        let now = clock.now()
        let title = FollowUpRules.title(of: old)
        let team = TicketRouting.standard.team(for: old.category)
        let contact = old.contactEmail ?? sender
        let finished = old.resolvedAt.map { " on \(Timestamp.format($0).prefix(10))" } ?? ""
        try db.execute(sql: """
            INSERT INTO ticket (number, customer_id, contact_email, title, category, priority, status, reporter, assignee, team, parent,
                                opened_at, updated_at, updated_by, version)
            VALUES (?, ?, ?, ?, ?, ?, 'triage', ?, NULL, ?, ?, ?, ?, ?, 1)
            """, arguments: [number.rawValue, old.customerID, old.contactEmail, title, old.category.rawValue, old.priority.rawValue,
                             actor.login, team, old.number.rawValue, Timestamp.format(now), Timestamp.format(now), actor.login])
        try Self.appendEntry(number, .status, author: actor.login,
                             body: "opened from mail by \(sender) as \(old.priority) \(old.category.title) for \(team)", status: .triage, at: now, db: db)
        try Self.appendEntry(number, .link, author: actor.login,
                             body: "follow-up of \(old.number) (\(old.status.title)\(finished), past the \(InputLimits.describe(window)) reopen window)",
                             at: now, db: db)
        try Self.appendEntry(number, .messageIn, author: "customer:\(sender)", body: body, messageID: messageID, at: now, db: db)
        try Self.appendEntry(old.number, .link, author: actor.login,
                             body: "follow-up \(number) opened: \(sender) replied after the \(InputLimits.describe(window)) reopen window", at: now, db: db)
        try db.execute(sql: "UPDATE ticket SET version = version + 1, updated_at = ?, updated_by = ? WHERE number = ?",
                       arguments: [Timestamp.format(now), actor.login, old.number.rawValue])
        try refreshSLA(number, db: db)
        try audit(AuditChain.Record(action: "ticket.open", target: number.description,
                                    after: .object(["customer": .string(old.customerID), "category": .string(old.category.rawValue),
                                                    "priority": .string(old.priority.description), "team": .string(team),
                                                    "title": .string(title), "via": .string("mail"), "follows": .string(old.number.description),
                                                    "contact": .string(contact), "message_id": .string(messageID)])), context, db: db)
        try audit(AuditChain.Record(action: "ticket.follow-up", target: old.number.description,
                                    after: .object(["follow_up": .string(number.description), "from": .string(sender),
                                                    "message_id": .string(messageID)])), context, db: db)
        return number
    }
}

/// The follow-up's small rules, apart from the transaction.
enum FollowUpRules {
    /// "Follow-up: OLD TITLE" (the old title cut to fit the 200-character limit), never
    /// a chain of prefixes when a follow-up itself gets one.
    static func title(of old: Ticket) -> String {
        let prefix = "Follow-up: "
        let base = old.title.hasPrefix(prefix) ? String(old.title.dropFirst(prefix.count)) : old.title
        let room = TicketValidation.maxTitleCharacters - prefix.unicodeScalars.count
        return prefix + String(String.UnicodeScalarView(base.unicodeScalars.prefix(room)))
    }
}
