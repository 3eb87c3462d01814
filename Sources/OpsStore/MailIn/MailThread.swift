import Foundation
internal import GRDB
import OpsCore

/// The threading headers of one outgoing ticket message: its own `Message-ID`, the
/// customer's last message it answers, and the ticket's earlier ids, so the customer's
/// mail program files it with the thread and their reply names a message we know.
struct MailThread: Sendable, Equatable {
    var messageID: String
    var inReplyTo: String?
    var references: [String]

    /// At most this many ids in `References` (the first and the latest ones are kept).
    static let maxReferences = 20

    /// A new id for ticket mail: `<esc-1042.UUID@domain>`, the domain taken from the
    /// sender address so the id names a host we answer for.
    static func newMessageID(for number: TicketNumber, from sender: String) -> String {
        let domain = sender.split(separator: "@").last.map(String.init).flatMap { part -> String? in
            let clean = part.trimmingCharacters(in: CharacterSet(charactersIn: "<> "))
            return clean.isEmpty || !clean.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) ? nil : clean
        } ?? "pmops.invalid"
        return "<\(number.description.lowercased()).\(UUID().uuidString.lowercased())@\(domain)>"
    }

    /// The thread so far on a ticket, for a new message with id `messageID`.
    static func load(_ number: TicketNumber, messageID: String, db: Database) throws -> MailThread {
        let rows = try Row.fetchAll(db, sql: "SELECT kind, message_id FROM ticket_entry WHERE ticket = ? AND message_id IS NOT NULL ORDER BY id",
                                    arguments: [number.rawValue])
        let ids: [String] = rows.map { $0["message_id"] }
        let lastIn: String? = rows.last { ($0["kind"] as String) == TicketEntryKind.messageIn.rawValue }?["message_id"]
        let references = ids.count > maxReferences ? [ids[0]] + ids.suffix(maxReferences - 1) : ids
        return MailThread(messageID: messageID, inReplyTo: lastIn, references: references)
    }
}
