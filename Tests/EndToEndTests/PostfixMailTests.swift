import Foundation
import Testing
import _OpsTestSupport

/// Ticket mail through a real Postfix (a private instance from `Scripts/postfix-peer.sh`):
/// the customer writes over SMTP, Postfix delivers to the gateway's Maildir, `mail-in`
/// opens the ticket; the reply leaves through the `sendmail:` transport (Postfix's own
/// sendmail, `-C` the private instance) and Postfix delivers it to the customer's Maildir,
/// where Python's `email` package reads its threading headers; the customer's answer to
/// it comes back the same way and joins the ticket.
@Suite("Ticket mail through Postfix")
struct PostfixMailTests {
    static let desk = "desk.test", customer = "acme.example"

    @Test("SMTP in → mail-in opens; reply out via sendmail → Postfix → Maildir; the answer threads back by In-Reply-To")
    func roundTrip() throws {
        try #require(PostfixPeer.isInstalled, "\(PostfixPeer.missing)")
        let postfix = try PostfixPeer(domains: [Self.desk, Self.customer])
        defer { postfix.stop() }
        let cli = try PmopsCLI()
        func must(_ args: [String]) throws -> ProcessResult {
            let result = try cli.run(args)
            try #require(result.status == 0, "\(args): \(result)\nPostfix log:\n\(postfix.log)")
            return result
        }
        let inbox = "maildir:" + postfix.maildir(Self.desk)
        _ = try must(["settings", "set", "mail.from", "support@\(Self.desk)"])
        try cli.dir.write("customers.json", """
            [{"id":"acme","name":"Acme","plan":"growth","status":"active","contacts":[{"name":"Jo","email":"jo@\(Self.customer)"}]}]
            """)
        _ = try must(["customers", "import", cli.dir.file("customers.json")])

        // 1. The customer's first message, over SMTP, opens a ticket in triage.
        try postfix.submitSMTP(from: "jo@\(Self.customer)", to: ["support@\(Self.desk)"], message: Self.mail(
            from: "Jo <jo@\(Self.customer)>", subject: "Bounces to Gmail since 09:00", id: "<first.1@\(Self.customer)>", body: "Gmail says 550."))
        _ = try postfix.waitForMail(Self.desk)
        let opened = try #require(try cli.json(["tickets", "mail-in", inbox, "--json"]) as? [String: Any])
        let openedRows = try #require(opened["results"] as? [[String: Any]])
        #expect(openedRows.map { $0["outcome"] as? String } == ["opened"])
        let number = try #require(openedRows.first?["ticket"] as? Int)

        // 2. The reply leaves through Postfix's sendmail and is delivered to the customer.
        _ = try must(["tickets", "reply", "ESC-\(number)", "--body", "Which sending domain?"])
        let delivered = try must(["outbox", "deliver", "--mail", postfix.sendmailTransport])
        #expect(delivered.stdout.hasPrefix("Delivered 1 via sendmail:\(PostfixPeer.sendmail) -C "), "\(delivered)")
        let outFile = try #require(try postfix.waitForMail(Self.customer).first)
        let out = try Self.pythonHeaders(postfix.maildir(Self.customer) + "/new/" + outFile)
        let sentID = try #require(out["message_id"] as? String)
        #expect(out["subject"] as? String == "[ESC-\(number)] Bounces to Gmail since 09:00")
        #expect(out["from"] as? String == "support@\(Self.desk)")
        #expect(out["delivered_to"] as? String == "jo@\(Self.customer)")
        #expect(out["in_reply_to"] as? String == "<first.1@\(Self.customer)>")
        #expect(out["references"] as? [String] == ["<first.1@\(Self.customer)>"])
        #expect(sentID.hasPrefix("<esc-\(number).") && sentID.hasSuffix("@\(Self.desk)>"))
        #expect((out["body"] as? String)?.contains("Which sending domain?") == true)
        #expect(out["defects"] as? Int == 0)

        // 3. The customer answers that message; Postfix hands it to the gateway's Maildir.
        try postfix.submitSMTP(from: "jo@\(Self.customer)", to: ["support@\(Self.desk)"], message: Self.mail(
            from: "Jo <jo@\(Self.customer)>", subject: "Re: \(out["subject"] as? String ?? "")", id: "<answer.2@\(Self.customer)>",
            body: "mail.acme.example, since this morning.", inReplyTo: sentID, references: "<first.1@\(Self.customer)> \(sentID)"))
        _ = try postfix.waitForMail(Self.desk)
        let answered = try #require(try cli.json(["tickets", "mail-in", inbox, "--json"]) as? [String: Any])
        let answeredRows = try #require(answered["results"] as? [[String: Any]])
        #expect(answeredRows.map { $0["outcome"] as? String } == ["appended"])
        #expect(answeredRows.first?["ticket"] as? Int == number)
        let seen = try FileManager.default.contentsOfDirectory(atPath: postfix.maildir(Self.desk) + "/cur")
        #expect(seen.count == 2 && seen.allSatisfy { $0.hasSuffix(":2,S") }, "\(seen)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: postfix.maildir(Self.desk) + "/new").isEmpty)

        let show = try must(["tickets", "show", "ESC-\(number)"])
        #expect(show.stdout.contains("mail.acme.example, since this morning."), "\(show.stdout)")
        #expect(show.stdout.contains("customer:jo@\(Self.customer)"))
        let again = try must(["tickets", "mail-in", inbox])
        #expect(again.stdout == "Read 0 messages: 0 appended, 0 opened, 0 follow-up, 0 rated, 0 quarantined, 0 duplicate.\n")
    }

    @Test("mail to a domain the peer does not serve is refused at RCPT: the peer relays nothing")
    func relaysNothing() throws {
        try #require(PostfixPeer.isInstalled, "\(PostfixPeer.missing)")
        let postfix = try PostfixPeer(domains: [Self.desk])
        defer { postfix.stop() }
        #expect(throws: TestSupportError.self) {
            try postfix.submitSMTP(from: "jo@\(Self.desk)", to: ["someone@gmail.com"], message: Self.mail(
                from: "jo@\(Self.desk)", subject: "out", id: "<out.1@desk.test>", body: "x"))
        }
    }

    // MARK: - Helpers

    static func mail(from: String, subject: String, id: String, body: String, inReplyTo: String? = nil, references: String? = nil) -> String {
        var headers = ["From: \(from)", "To: PenguinMails Support <support@\(desk)>", "Subject: \(subject)", "Message-ID: \(id)",
                       "Date: Mon, 07 Dec 2026 09:30:00 +0000", "MIME-Version: 1.0", "Content-Type: text/plain; charset=utf-8"]
        if let inReplyTo { headers.append("In-Reply-To: \(inReplyTo)") }
        if let references { headers.append("References: \(references)") }
        return headers.joined(separator: "\r\n") + "\r\n\r\n" + body + "\r\n"
    }

    /// What Python's `email` package (policy.default) reads from a delivered file.
    static func pythonHeaders(_ path: String) throws -> [String: Any] {
        let program = """
            import email, email.policy, json, sys
            with open(sys.argv[1], "rb") as f:
                msg = email.message_from_binary_file(f, policy=email.policy.default)
            print(json.dumps({
                "message_id": str(msg["Message-ID"]).strip(), "in_reply_to": str(msg["In-Reply-To"] or "").strip(),
                "references": str(msg["References"] or "").split(), "subject": str(msg["Subject"]),
                "from": msg["From"].addresses[0].addr_spec, "delivered_to": str(msg["Delivered-To"]),
                "body": msg.get_body(("plain",)).get_content(), "defects": len(msg.defects)}))
            """
        let result = try ChildProcess.run("/usr/bin/python3", ["-c", program, path], timeout: 30)
        guard result.status == 0, let object = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any] else {
            throw TestSupportError("python3 could not read \(path): \(result)")
        }
        return object
    }
}
