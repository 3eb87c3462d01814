import Foundation
import OpsCore
import Testing
import _OpsTestSupport

/// `pmops tickets mail-in maildir:…` through the binary: a customer's reply to a delivered
/// update joins its ticket, a stranger is quarantined and listed, handled files move to
/// cur/ with the Seen flag, a second run does nothing, untrusted text prints sanitised.
@Suite("Mail in through the CLI")
struct CLIMailInTests {
    static func maildir(_ cli: PmopsCLI, _ name: String) throws -> String {
        for sub in ["new", "cur", "tmp"] { try FileManager.default.createDirectory(atPath: cli.dir.file("\(name)/\(sub)"), withIntermediateDirectories: true) }
        return cli.dir.file(name)
    }

    @Test("reply by In-Reply-To, quarantine, cur/ with :2,S, idempotent second run, sanitised output, exact store")
    func gateway() throws {
        let cli = try PmopsCLI()
        func must(_ args: [String]) throws -> ProcessResult {
            let result = try cli.run(args)
            try #require(result.status == 0, "\(args): \(result)")
            return result
        }
        try cli.dir.write("customers.json", #"[{"id":"acme","name":"Acme","plan":"growth","status":"active","contacts":[{"name":"Jo","email":"jo@acme.example"}]}]"#)
        _ = try must(["customers", "import", cli.dir.file("customers.json")])
        _ = try must(["tickets", "open", "--customer", "acme", "--contact", "jo@acme.example", "--category", "dns", "--priority", "P2", "--title", "SPF"])
        _ = try must(["tickets", "reply", "ESC-1001", "--body", "Which domain?"])
        let out = try Self.maildir(cli, "out")
        _ = try must(["outbox", "deliver", "--mail", "maildir:" + out])
        let delivered = try FileFacts.files(in: out + "/new").compactMap { name -> ParsedMail? in
            let mail = try MIMEParser.parse(try FileFacts.bytes(out + "/new/" + name))
            return mail.subject?.hasPrefix("[ESC-1001]") == true ? mail : nil
        }
        let update = try #require(delivered.first)
        let sentID = try #require(update.messageID)

        let inbox = try Self.maildir(cli, "inbox")
        let reply = "From: Jo <jo@acme.example>\r\nSubject: Re: \(update.subject ?? "")\r\nMessage-ID: <jo.1@acme.example>\r\n"
            + "In-Reply-To: \(sentID)\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nacme.example \u{1B}[31mred\u{1B}[0m\r\n"
        try cli.dir.write("inbox/new/100.reply", reply)
        try cli.dir.write("inbox/new/200.spam", "From: spam@evil.example\r\nSubject: \u{1B}]0;owned\u{7}win\r\nMessage-ID: <s@evil>\r\n\r\nbuy\r\n")
        let first = try #require(try cli.json(["tickets", "mail-in", "maildir:" + inbox, "--json"]) as? [String: Any])
        let results = try #require(first["results"] as? [[String: Any]])
        #expect(results.map { $0["outcome"] as? String } == ["appended", "quarantined"])
        #expect(results.first?["ticket"] as? Int == 1001)
        #expect(FileFacts.files(in: inbox + "/new").isEmpty)
        #expect(FileFacts.files(in: inbox + "/cur") == ["100.reply:2,S", "200.spam:2,S"])

        let again = try must(["tickets", "mail-in", "maildir:" + inbox])
        #expect(again.stdout == "Read 0 messages: 0 appended, 0 opened, 0 follow-up, 0 rated, 0 quarantined, 0 duplicate.\n")
        // The same message delivered twice (a retrying MTA) is recognised by its Message-ID.
        try cli.dir.write("inbox/new/300.reply-again", reply)
        let duplicate = try must(["tickets", "mail-in", "maildir:" + inbox])
        #expect(duplicate.stdout.hasPrefix("duplicate   ESC-1001") == false && duplicate.stdout.hasPrefix("duplicate "))
        #expect(duplicate.stdout.hasSuffix("Read 1 messages: 0 appended, 0 opened, 0 follow-up, 0 rated, 0 quarantined, 1 duplicate.\n"))

        let show = try must(["tickets", "show", "ESC-1001"])
        #expect(show.stdout.contains("customer:jo@acme.example") && show.stdout.contains("acme.example"))
        #expect(!show.stdout.contains("\u{1B}"))
        let detail = try #require(try cli.json(["tickets", "show", "ESC-1001", "--json"]) as? [String: Any])
        let entries = try #require(detail["entries"] as? [[String: Any]])
        #expect(entries.contains { ($0["body"] as? String) == "acme.example \u{1B}[31mred\u{1B}[0m\n" })

        let listed = try must(["tickets", "quarantine"])
        #expect(listed.stdout.contains("spam@evil.example") && !listed.stdout.contains("\u{1B}") && !listed.stdout.contains("\u{7}"))
        let rows = try #require(try cli.json(["tickets", "quarantine", "--json"]) as? [[String: Any]])
        #expect(rows.count == 1 && rows.first?["message_id"] as? String == "<s@evil>" && rows.first?["raw_kept"] as? Bool == true)

        #expect(try cli.run(["tickets", "mail-in", "maildir:" + cli.dir.file("missing")]).status == 3)
        #expect(try cli.run(["tickets", "mail-in", "imap://x"]).status == 2)
    }
}

/// A reply to a ticket resolved longer ago than `tickets.reopen_days`, through the binary.
@Suite("Mail in: follow-up through the CLI")
struct CLIMailFollowUpTests {
    @Test("past the reopen window a reply opens a follow-up: outcome follow-up, parent and children shown, old ticket still closed")
    func followUp() throws {
        _ = try SQLite3.require()
        let cli = try PmopsCLI()
        func must(_ args: [String]) throws -> ProcessResult {
            let result = try cli.run(args)
            try #require(result.status == 0, "\(args): \(result)")
            return result
        }
        try cli.dir.write("customers.json", #"[{"id":"acme","name":"Acme","plan":"growth","status":"active","contacts":[{"name":"Jo","email":"jo@acme.example"}]}]"#)
        _ = try must(["customers", "import", cli.dir.file("customers.json")])
        _ = try must(["tickets", "open", "--customer", "acme", "--contact", "jo@acme.example", "--category", "dns", "--priority", "P2", "--title", "SPF"])
        _ = try must(["tickets", "resolve", "ESC-1001", "--summary", "SPF record fixed"])
        _ = try must(["tickets", "close", "ESC-1001"])
        // Resolved 30 days ago (the default window is 14 days).
        try SQLite3.exec(cli.dbPath, "UPDATE ticket SET resolved_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '-30 days') WHERE number = 1001;")
        let inbox = try CLIMailInTests.maildir(cli, "inbox")
        try cli.dir.write("inbox/new/1.late", "From: jo@acme.example\r\nSubject: Re: [ESC-1001] SPF\r\nMessage-ID: <late@acme.example>\r\n\r\nIt fails again.\r\n")
        let read = try must(["tickets", "mail-in", "maildir:" + inbox])
        #expect(read.stdout.hasPrefix("follow-up   ESC-1002  1.late  from jo@acme.example\n"), "\(read.stdout)")
        #expect(read.stdout.hasSuffix("Read 1 messages: 0 appended, 0 opened, 1 follow-up, 0 rated, 0 quarantined, 0 duplicate.\n"))
        let new = try must(["tickets", "show", "ESC-1002"])
        #expect(new.stdout.contains("Follow-up: SPF") && new.stdout.contains("parent ESC-1001") && new.stdout.contains("It fails again."), "\(new.stdout)")
        let old = try #require(try cli.json(["tickets", "show", "ESC-1001", "--json"]) as? [String: Any])
        #expect(old["children"] as? [String] == ["ESC-1002"])
        #expect((old["ticket"] as? [String: Any])?["status"] as? String == "closed")
        let audit = try #require(try cli.json(["audit", "list", "--json", "--action", "ticket.follow-up"]) as? [[String: Any]])
        #expect(audit.count == 1)
    }
}
