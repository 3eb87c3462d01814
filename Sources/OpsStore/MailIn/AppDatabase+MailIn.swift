import Crypto
import Foundation
internal import GRDB
import OpsCore

/// The mail gateway's store side. Each message is one transaction: tickets.manage, the
/// placement (reply by `In-Reply-To`/`References` or `[ESC-n]` tag, a new ticket for a
/// known contact, else quarantine), its entries and its audit row. A Message-ID seen before
/// is a duplicate and writes nothing, so reading a Maildir twice changes nothing.
extension AppDatabase {
    public func receiveMail(_ mail: IncomingMail, as context: ActorContext) throws(OpsError) -> MailInResult {
        let limits = MIMELimits.standard
        var parsed: ParsedMail?
        var failure = ""
        if let bytes = mail.bytes, mail.size <= limits.maxBytes {
            do throws(MIMEError) { parsed = try MIMEParser.parse(bytes, limits: limits) } catch { failure = error.description }
        } else {
            failure = MIMEError.tooLarge(bytes: mail.size, limit: limits.maxBytes).description
        }
        let messageID = parsed?.messageID.flatMap(MailInRules.cleanID) ?? MailInRules.syntheticID(mail)
        let sender = parsed?.from?.email
        var result = MailInResult(file: mail.file, outcome: .duplicate, ticket: nil, messageID: messageID, from: sender, reason: nil)
        return try write { db in
            let actor = try resolveActor(context, db: db)
            try AccessPolicy.require(.ticketsManage, actor: actor)
            if try MailInRules.seen(messageID, db: db) { return result }
            func quarantine(_ reason: String) throws -> MailInResult {
                try db.execute(sql: """
                    INSERT INTO mail_quarantine (received_at, mailbox, file, message_id, sender, subject, reason, size, raw)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [Timestamp.format(clock.now()), mail.mailbox, mail.file, messageID, sender, parsed?.subject, reason,
                                     mail.size, mail.size <= limits.maxBytes ? mail.bytes : nil])
                try audit(AuditChain.Record(action: "mail.quarantine", target: "mail:\(db.lastInsertedRowID)",
                                            after: .object(["reason": .string(reason), "message_id": .string(messageID), "file": .string(mail.file)])),
                          context, db: db)
                result.outcome = .quarantined
                result.reason = reason
                return result
            }
            guard let parsed else { return try quarantine(failure) }
            guard let sender, sender.contains("@") else { return try quarantine("It has no From address.") }
            let body: String
            do throws(OpsError) { body = try TicketValidation.body(MailInRules.entryText(parsed), field: "mail body") } catch { return try quarantine(error.description) }
            if let number = try MailInRules.threadMatch(parsed, db: db) {
                (result.outcome, result.ticket) = try placeReply(number, body: body, sender: sender, messageID: messageID, actor: actor,
                                                                 context: context, db: db)
                return result
            }
            if let tag = TicketNumber.tag(in: parsed.subject ?? "") {
                guard let ticket = try Ticket.fetchOne(db, sql: "SELECT * FROM ticket WHERE number = ?", arguments: [tag.rawValue]) else {
                    return try quarantine("Its subject's tag \(tag.subjectTag) names no ticket.")
                }
                guard try Self.isContact(sender, of: ticket.customerID, db: db) else {
                    return try quarantine("\(sender) wrote about \(tag) but is not a contact of its customer \(ticket.customerID), and it answers none of our messages.")
                }
                (result.outcome, result.ticket) = try placeReply(tag, body: body, sender: sender, messageID: messageID, actor: actor,
                                                                 context: context, db: db)
                return result
            }
            let customers = try String.fetchAll(db, sql: "SELECT customer_id FROM customer_contact WHERE email = ? COLLATE NOCASE ORDER BY customer_id",
                                                arguments: [sender])
            guard let customer = customers.first else {
                return try quarantine("It answers no ticket (no [ESC-n] tag, no known In-Reply-To) and \(sender) is not a customer contact.")
            }
            guard customers.count == 1 else {
                return try quarantine("\(sender) is a contact of several customers (\(customers.joined(separator: ", "))); open the ticket by hand.")
            }
            result.ticket = try openFromMail(parsed, customer: customer, body: body, sender: sender, messageID: messageID,
                                             actor: actor, context: context, db: db)
            result.outcome = .opened
            return result
        }
    }

    /// Quarantined messages, newest first.
    public func quarantinedMail(limit: Int = 200, as context: ActorContext) throws(OpsError) -> [QuarantinedMail] {
        try read { db in
            try AccessPolicy.require(.ticketsRead, actor: try resolveActor(context, db: db))
            return try Row.fetchAll(db, sql: """
                SELECT id, received_at, mailbox, file, message_id, sender, subject, reason, size, raw IS NOT NULL AS kept
                FROM mail_quarantine ORDER BY id DESC LIMIT ?
                """, arguments: [limit]).map { row in
                QuarantinedMail(id: row["id"], receivedAt: row["received_at"], mailbox: row["mailbox"],
                                file: row["file"], messageID: row["message_id"], sender: row["sender"], subject: row["subject"],
                                reason: row["reason"], size: row["size"], rawKept: row["kept"])
            }
        }
    }

    // MARK: - Inside the transaction

    /// A customer message on an existing ticket; on a resolved or closed ticket a first
    /// line of 1–5 is the rating the resolution mail asked for (`placeReply` decides
    /// whether the ticket takes it or a follow-up does).
    func appendMail(_ number: TicketNumber, body: String, sender: String, messageID: String, actor: StaffAccount,
                            context: ActorContext, db: Database) throws -> MailInOutcome {
        let ticket = try Self.requireTicket(number, db: db)
        let now = clock.now()
        let rating = ticket.status.isOpen ? nil : TicketValidation.csat(inReply: body)
        try Self.appendEntry(number, .messageIn, author: "customer:\(sender)", body: body, messageID: messageID, at: now, db: db)
        if let rating {
            try db.execute(sql: "UPDATE ticket SET csat = ? WHERE number = ?", arguments: [rating, number.rawValue])
            try Self.appendEntry(number, .csat, author: "customer:\(sender)", body: "rated \(rating)/5 by mail", at: now, db: db)
        }
        try db.execute(sql: "UPDATE ticket SET version = version + 1, updated_at = ?, updated_by = ? WHERE number = ?",
                       arguments: [Timestamp.format(now), actor.login, number.rawValue])
        try refreshSLA(number, db: db)
        var after: [String: JSONValue] = ["message_id": .string(messageID), "from": .string(sender), "bytes": .int(Int64(body.utf8.count))]
        if let rating { after["csat"] = .int(Int64(rating)) }
        try audit(AuditChain.Record(action: "ticket.mail-in", target: number.description, after: .object(after)), context, db: db)
        return rating == nil ? .appended : .rated
    }

    /// A new ticket in triage for a known contact's untagged message: category other, P3,
    /// titled by the subject; a person sets the rest.
    private func openFromMail(_ mail: ParsedMail, customer: String, body: String, sender: String, messageID: String, actor: StaffAccount,
                              context: ActorContext, db: Database) throws -> TicketNumber {
        let number = TicketNumber(try Int.fetchOne(db, sql: "SELECT COALESCE(MAX(number), 1000) + 1 FROM ticket") ?? 1_001)
        let now = clock.now()
        let title = MailInRules.title(mail.subject)
        let category = TicketCategory.other, priority = TicketPriority.p3
        let team = TicketRouting.standard.team(for: category)
        let contact = try String.fetchOne(db, sql: "SELECT email FROM customer_contact WHERE customer_id = ? AND email = ? COLLATE NOCASE",
                                          arguments: [customer, sender]) ?? sender
        try db.execute(sql: """
            INSERT INTO ticket (number, customer_id, contact_email, title, category, priority, status, reporter, assignee, team,
                                opened_at, updated_at, updated_by, version)
            VALUES (?, ?, ?, ?, ?, ?, 'triage', ?, NULL, ?, ?, ?, ?, 1)
            """, arguments: [number.rawValue, customer, contact, title, category.rawValue, priority.rawValue, actor.login, team,
                             Timestamp.format(now), Timestamp.format(now), actor.login])
        try Self.appendEntry(number, .status, author: actor.login, body: "opened from mail by \(contact) as \(priority) \(category.title) for \(team)",
                             status: .triage, at: now, db: db)
        try Self.appendEntry(number, .messageIn, author: "customer:\(contact)", body: body, messageID: messageID, at: now, db: db)
        try refreshSLA(number, db: db)
        try audit(AuditChain.Record(action: "ticket.open", target: number.description,
                                    after: .object(["customer": .string(customer), "category": .string(category.rawValue),
                                                    "priority": .string(priority.description), "team": .string(team), "title": .string(title),
                                                    "via": .string("mail"), "message_id": .string(messageID)])), context, db: db)
        return number
    }

    static func isContact(_ email: String, of customer: String, db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM customer_contact WHERE customer_id = ? AND email = ? COLLATE NOCASE", arguments: [customer, email]) == true
    }
}

/// The gateway's small rules, apart from the transaction that applies them.
enum MailInRules {
    /// A Message-ID we may store and later write into `In-Reply-To`: `<…>` of printable
    /// ASCII, no spaces, at most 250 characters. Anything else is replaced by a synthetic id.
    static func cleanID(_ id: String) -> String? {
        guard id.count <= 250, id.hasPrefix("<"), id.hasSuffix(">"), id.count > 2,
              id.unicodeScalars.allSatisfy({ $0.value > 0x20 && $0.value < 0x7F }) else { return nil }
        return id
    }

    /// For a message without a usable Message-ID: one derived from its bytes, so the same
    /// file read twice is still a duplicate.
    static func syntheticID(_ mail: IncomingMail) -> String {
        let digest = SHA256.hash(data: mail.bytes ?? Data("\(mail.file)\u{0}\(mail.size)".utf8))
        return "<sha256-\(digest.map { String(format: "%02x", $0) }.joined().prefix(40))@mail-in.pmops.invalid>"
    }

    static func seen(_ id: String, db: Database) throws -> Bool {
        try Bool.fetchOne(db, sql: "SELECT 1 FROM ticket_entry WHERE message_id = ?", arguments: [id]) == true
            || Bool.fetchOne(db, sql: "SELECT 1 FROM mail_quarantine WHERE message_id = ?", arguments: [id]) == true
    }

    /// The ticket whose stored message this one answers: `In-Reply-To` first, then
    /// `References` from the newest.
    static func threadMatch(_ mail: ParsedMail, db: Database) throws -> TicketNumber? {
        for id in mail.inReplyTo + mail.references.reversed() {
            if let number = try Int.fetchOne(db, sql: "SELECT ticket FROM ticket_entry WHERE message_id = ?", arguments: [id]) {
                return TicketNumber(number)
            }
        }
        return nil
    }

    /// The entry text: the message's text, then one line per attachment (never stored).
    static func entryText(_ mail: ParsedMail) -> String {
        var text = mail.text
        if !mail.attachments.isEmpty {
            if !text.isEmpty { text += text.hasSuffix("\n") ? "\n" : "\n\n" }
            text += mail.attachments.map { "[attachment not kept: \($0.name ?? "unnamed") (\($0.contentType), \($0.size) bytes)]" }
                .joined(separator: "\n")
        }
        return text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty ? "(no text)" : text
    }

    /// A ticket title from a subject: one line (line breaks and NUL become spaces; other
    /// text is kept exactly, screens sanitise it), at most 200 characters.
    static func title(_ subject: String?) -> String {
        let line = (subject ?? "").unicodeScalars.map { $0 == "\0" || $0 == "\r" || $0 == "\n" ? " " : String($0) }.joined()
            .trimmingCharacters(in: .whitespaces)
        let scalars = line.unicodeScalars.prefix(TicketValidation.maxTitleCharacters)
        let title = String(String.UnicodeScalarView(scalars)).trimmingCharacters(in: .whitespaces)
        return title.isEmpty ? "(no subject)" : title
    }
}
