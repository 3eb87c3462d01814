import Foundation
import GRDB
import OpsCore
@testable import OpsStore
import Testing
import _OpsTestSupport

/// The mail gateway's placement rules, one transaction per message, nothing lost.
@Suite("Mail in")
struct MailInStoreTests {
    static func mail(_ headers: [String], _ body: String, file: String = "m") -> IncomingMail {
        let text = (headers + ["", body]).joined(separator: "\r\n")
        return IncomingMail(mailbox: "/tmp/box", file: file, bytes: Data(text.utf8), size: text.utf8.count)
    }

    static func receive(_ f: StoreFixture, _ mail: IncomingMail) throws -> MailInResult {
        try f.db.receiveMail(mail, as: f.actor("sam"))
    }

    @Test("a reply found by In-Reply-To joins its ticket whoever sends it; a tagged one from a contact too")
    func replies() throws {
        let f = try TicketStoreTests.fixture()
        let ticket = try TicketStoreTests.open(f)
        try f.db.replyToTicket(ticket.number, body: "We are on it.", as: f.actor("sam"))
        let sent = try #require(try f.db.outbox(as: f.boss).first?.messageID)
        let before = try f.auditCount()
        let reply = try Self.receive(f, Self.mail(["From: Someone <other@elsewhere.example>", "Subject: Re: hello", "Message-ID: <r1@x>",
                                                   "In-Reply-To: \(sent)"], "Still broken.\r\n"))
        #expect(reply.outcome == .appended && reply.ticket == ticket.number)
        #expect(try f.auditCount() == before + 1)
        let tagged = try Self.receive(f, Self.mail(["From: JO@acme.example", "Subject: =?utf-8?q?Re:_[ESC-1001]_Gr=C3=BC=C3=9Fe?=",
                                                    "Message-ID: <r2@x>"], "Tagged."))
        #expect(tagged.outcome == .appended && tagged.ticket == ticket.number)
        let detail = try f.db.ticket(ticket.number, as: f.boss)
        let incoming = detail.entries.filter { $0.kind == .messageIn }.suffix(2)
        #expect(incoming.map(\.body) == ["Still broken.\n", "Tagged."])
        #expect(incoming.map(\.author) == ["customer:other@elsewhere.example", "customer:JO@acme.example"])
        // The next update answers the customer's last message.
        try f.db.replyToTicket(ticket.number, body: "Try now.", as: f.actor("sam"))
        let next = try #require(try f.db.outbox(as: f.boss).first)
        #expect(next.inReplyTo == "<r2@x>" && next.references.contains(sent) && next.references.contains("<r1@x>"))
    }

    @Test("an untagged message from a known contact opens a ticket in triage; strangers, unknown tags and non-contacts are quarantined")
    func openAndQuarantine() throws {
        let f = try TicketStoreTests.fixture()
        let opened = try Self.receive(f, Self.mail(["From: Jo Ops <jo@acme.example>", "Subject: DKIM fails\r\n since noon", "Message-ID: <n1@x>"],
                                                   "Help."))
        #expect(opened.outcome == .opened)
        let ticket = try f.db.ticket(try #require(opened.ticket), as: f.boss).ticket
        #expect(ticket.status == .triage && ticket.title == "DKIM fails since noon" && ticket.contactEmail == "jo@acme.example")
        #expect(ticket.priority == .p3 && ticket.category == .other)
        let stranger = try Self.receive(f, Self.mail(["From: spam@evil.example", "Subject: win", "Message-ID: <s1@x>"], "Buy."))
        #expect(stranger.outcome == .quarantined && stranger.reason?.contains("is not a customer contact") == true)
        let noTicket = try Self.receive(f, Self.mail(["From: jo@acme.example", "Subject: [ESC-9999] hi", "Message-ID: <s2@x>"], "x"))
        #expect(noTicket.reason == "Its subject's tag [ESC-9999] names no ticket.")
        let notContact = try Self.receive(f, Self.mail(["From: spam@evil.example", "Subject: [\(ticket.number)] hi", "Message-ID: <s3@x>"], "x"))
        #expect(notContact.outcome == .quarantined && notContact.reason?.contains("is not a contact of its customer acme") == true)
        let listed = try f.db.quarantinedMail(as: f.boss)
        #expect(listed.map(\.messageID) == ["<s3@x>", "<s2@x>", "<s1@x>"] && listed.allSatisfy(\.rawKept))
        let raw = try f.db.read { db in try Data.fetchOne(db, sql: "SELECT raw FROM mail_quarantine WHERE message_id = '<s1@x>'") }
        #expect(raw == Self.mail(["From: spam@evil.example", "Subject: win", "Message-ID: <s1@x>"], "Buy.").bytes)
    }

    @Test("a second delivery of the same Message-ID writes nothing; no Message-ID: the bytes decide")
    func duplicates() throws {
        let f = try TicketStoreTests.fixture()
        let first = Self.mail(["From: jo@acme.example", "Subject: once", "Message-ID: <d1@x>"], "Hi")
        #expect(try Self.receive(f, first).outcome == .opened)
        let audit = try f.auditCount()
        #expect(try Self.receive(f, first).outcome == .duplicate)
        let anonymous = Self.mail(["From: who@nowhere.example", "Subject: no id"], "?")
        #expect(try Self.receive(f, anonymous).outcome == .quarantined)
        #expect(try Self.receive(f, anonymous).outcome == .duplicate)
        #expect(try f.auditCount() == audit + 1)
    }

    @Test("a 1–5 first line answering the resolution mail sets CSAT; the message is kept as well")
    func csat() throws {
        let f = try TicketStoreTests.fixture()
        let ticket = try TicketStoreTests.open(f)
        try f.db.resolveTicket(ticket.number, summary: "Fixed.", as: f.actor("sam"))
        let resolution = try #require(try f.db.outbox(as: f.boss).first?.messageID)
        let rated = try Self.receive(f, Self.mail(["From: jo@acme.example", "Subject: Re: Resolved", "Message-ID: <c1@x>",
                                                   "In-Reply-To: \(resolution)"], "4 - thanks\r\n> How did we do?"))
        #expect(rated.outcome == .rated)
        let detail = try f.db.ticket(ticket.number, as: f.boss)
        #expect(detail.ticket.csat == 4 && detail.entries.suffix(2).map(\.kind) == [.messageIn, .csat])
    }

    @Test("over the caps, unparseable or without a sender: quarantined with the reason, never dropped")
    func caps() throws {
        let f = try TicketStoreTests.fixture()
        let huge = try Self.receive(f, IncomingMail(mailbox: "/tmp/box", file: "big", bytes: nil, size: 11_000_000))
        #expect(huge.outcome == .quarantined && huge.reason == "The message is 11000000 bytes, over the 10485760-byte cap.")
        let longBody = try Self.receive(f, Self.mail(["From: jo@acme.example", "Subject: log", "Message-ID: <b1@x>"],
                                                     String(repeating: "x", count: TicketValidation.maxBodyBytes + 1)))
        #expect(longBody.outcome == .quarantined && longBody.reason?.contains("the limit is 1 MiB") == true)
        let broken = try Self.receive(f, Self.mail(["From: jo@acme.example", "Message-ID: <b2@x>", "Content-Type: multipart/mixed"], "x"))
        #expect(broken.reason == "The message cannot be parsed: a multipart/mixed part has no boundary.")
        let noFrom = try Self.receive(f, Self.mail(["Subject: hi", "Message-ID: <b3@x>"], "x"))
        #expect(noFrom.reason == "It has no From address.")
        let rows = try f.db.quarantinedMail(as: f.boss)
        #expect(rows.count == 4 && rows.last?.rawKept == false && rows.last?.size == 11_000_000)
    }

    @Test("needs tickets.manage")
    func permission() throws {
        let f = try TicketStoreTests.fixture()
        let error = opsError { () throws(OpsError) in
            _ = try f.db.receiveMail(Self.mail(["From: jo@acme.example", "Message-ID: <p@x>"], "x"), as: f.actor("ro"))
        }
        #expect(error?.exitCode == 4)
        #expect(try f.db.quarantinedMail(as: f.boss).isEmpty)
    }

    @Test("Maildir: new/ listed in name order, handled files move to cur/ with :2,S")
    func maildir() throws {
        let dir = try TemporaryDirectory("pmops-maildir")
        for sub in ["new", "cur", "tmp"] { try FileManager.default.createDirectory(atPath: dir.file(sub), withIntermediateDirectories: true) }
        _ = try dir.write("new/2.b", "From: a@b\r\n\r\nx")
        _ = try dir.write("new/1.a:2,F", "From: a@b\r\n\r\ny")
        let inbox = try MaildirInbox.parse("maildir:" + dir.path)
        #expect(try inbox.waiting() == ["1.a:2,F", "2.b"])
        let mail = try inbox.read("2.b")
        #expect(mail.bytes == Data("From: a@b\r\n\r\nx".utf8) && mail.size == 14)
        #expect(try inbox.read("2.b", cap: 5).bytes == nil)
        try inbox.markSeen("2.b")
        try inbox.markSeen("1.a:2,F")
        #expect(try inbox.waiting().isEmpty)
        #expect(FileFacts.files(in: dir.file("cur")).sorted() == ["1.a:2,FS", "2.b:2,S"])
        #expect(opsError { () throws(OpsError) in _ = try MaildirInbox(root: dir.file("nope")).waiting() }?.exitCode == 3)
    }
}
