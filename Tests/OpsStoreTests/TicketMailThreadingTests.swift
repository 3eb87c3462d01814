import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import Testing
import _OpsTestSupport

/// Ticket mail leaves threaded: the delivered file, read by Python's `email` package,
/// carries the Message-ID recorded on the entry, the `[ESC-n]` tag, and `In-Reply-To` /
/// `References` naming the customer's last message.
@Suite("Ticket mail threading")
struct TicketMailThreadingTests {
    /// Python prints the headers of every file in a Maildir's new/, in name order.
    static let reader = """
    import email, email.policy, json, os, sys
    d = sys.argv[1] + "/new"
    out = []
    for name in sorted(os.listdir(d)):
        m = email.message_from_bytes(open(os.path.join(d, name), "rb").read(), policy=email.policy.default)
        out.append({k: (str(m[k]).strip() if m[k] is not None else None) for k in ["Message-ID", "In-Reply-To", "References", "Subject", "To"]}
                   | {"body": m.get_content().replace("\\r\\n", "\\n"), "defects": len(m.defects)})
    print(json.dumps(out))
    """

    static func delivered(_ dir: String) throws -> [[String: Any]] {
        let result = try ChildProcess.run("/usr/bin/env", ["python3", "-c", reader, dir])
        #expect(result.status == 0, "\(result)")
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [[String: Any]])
    }

    @Test("a reply carries its entry's Message-ID, In-Reply-To the customer's last message, References the thread")
    func replyThreads() throws {
        let f = try TicketStoreTests.fixture()
        let ticket = try TicketStoreTests.open(f)
        let customerID = "<first@acme.example>"
        try f.db.write { db in
            try AppDatabase.appendEntry(ticket.number, .messageIn, author: "customer:jo@acme.example", body: "More detail.",
                                        messageID: customerID, at: f.clock.now(), db: db)
        }
        try f.db.replyToTicket(ticket.number, body: "We are on it.\nLine two: ünïcode.", as: f.actor("sam"))
        try f.db.replyToTicket(ticket.number, body: "Fixed?", as: f.actor("sam"))
        let dir = try TemporaryDirectory("pmops-thread")
        let report = try f.db.deliverOutbox(via: .maildir(dir.path), as: f.boss)
        #expect(report.sent >= 2 && report.failed == 0, "\(report)")
        let mails = try Self.delivered(dir.path)
        let ids = try f.db.ticket(ticket.number, as: f.boss).entries.filter { $0.kind == .updateOut }
        #expect(ids.count == 2)
        let outbox = try f.db.outbox(as: f.boss).filter { $0.kind == "ticket" }.sorted { $0.id < $1.id }
        let first = try #require(outbox.first?.messageID), second = try #require(outbox.last?.messageID)
        #expect(first.hasPrefix("<esc-1001.") && first.hasSuffix("@localhost>") && first != second)
        // The staff welcome mails go out in the same run; find ours by Message-ID.
        let byID = Dictionary(uniqueKeysWithValues: mails.map { (($0["Message-ID"] as? String) ?? "", $0) })
        let one = try #require(byID[first]), two = try #require(byID[second])
        #expect(one["Subject"] as? String == "[ESC-1001] Bounces to Gmail since 09:00")
        #expect(one["To"] as? String == "jo@acme.example")
        #expect(one["In-Reply-To"] as? String == customerID)
        #expect(one["References"] as? String == customerID)
        #expect(one["body"] as? String == "We are on it.\nLine two: ünïcode.\n")
        #expect(one["defects"] as? Int == 0)
        #expect(two["In-Reply-To"] as? String == customerID)
        #expect(two["References"] as? String == "\(customerID) \(first)")
        let stored = try f.db.read { db in try String.fetchAll(db, sql: "SELECT message_id FROM ticket_entry WHERE kind = 'update-out' ORDER BY id") }
        #expect(stored == [first, second])
    }

    @Test("resolving mails the summary and the rating question, threaded, with no In-Reply-To when the customer never wrote by mail")
    func resolutionMail() throws {
        let f = try TicketStoreTests.fixture()
        let ticket = try TicketStoreTests.open(f)
        try f.db.resolveTicket(ticket.number, summary: "Gmail lifted the block.", as: f.actor("sam"))
        let message = try #require(try f.db.outbox(as: f.boss).first)
        #expect(message.subject == "[ESC-1001] Resolved: Bounces to Gmail since 09:00")
        #expect(message.body.contains("Gmail lifted the block.") && message.body.contains("1 (poor) to 5 (excellent)"))
        #expect(message.inReplyTo == nil && message.references.isEmpty)
        let entry = try #require(try f.db.ticket(ticket.number, as: f.boss).entries.last)
        #expect(entry.kind == .resolution)
    }
}
