import Foundation
import Testing
import _OpsTestSupport

/// The support desk's day through the real console (tmux) and a real Postfix: a support
/// user opens the ticket a customer's mail opened, replies (confirmed with y), the reply
/// leaves through Postfix's sendmail, the user resolves, and the customer's answer comes
/// back through Postfix and `mail-in` and shows on the open console's timeline.
@Suite("Console e2e: ticket mail through Postfix")
struct ConsolePostfixMailTests {
    typealias Mail = PostfixMailTests

    @Test("open, reply, resolve in the console; the customer's answer arrives through Postfix and shows on the timeline")
    func replyResolveAnswer() throws {
        try #require(PostfixPeer.isInstalled, "\(PostfixPeer.missing)")
        let postfix = try PostfixPeer(domains: [Mail.desk, Mail.customer])
        defer { postfix.stop() }
        let cli = try PmopsCLI()
        func must(_ args: [String]) throws {
            let result = try cli.run(args)
            try #require(result.status == 0, "\(args.joined(separator: " ")): \(result)\nPostfix log:\n\(postfix.log)")
        }
        let inbox = "maildir:" + postfix.maildir(Mail.desk)
        try must(["users", "add", "--yes", "sam", "--name", "Sam Support", "--email", "sam@\(Mail.desk)", "--role", "support"])
        try must(["settings", "set", "mail.from", "support@\(Mail.desk)"])
        try cli.dir.write("customers.json", """
            [{"id":"acme","name":"Acme Travel","plan":"growth","status":"active","contacts":[{"name":"Jo","email":"jo@\(Mail.customer)"}]}]
            """)
        try must(["customers", "import", cli.dir.file("customers.json")])
        try postfix.submitSMTP(from: "jo@\(Mail.customer)", to: ["support@\(Mail.desk)"], message: Mail.mail(
            from: "Jo <jo@\(Mail.customer)>", subject: "Bounces to Gmail", id: "<first.1@\(Mail.customer)>", body: "Gmail says 550."))
        _ = try postfix.waitForMail(Mail.desk)
        try must(["tickets", "mail-in", inbox])

        let console = try ConsoleSession(cli: cli, arguments: ["console", "--no-collector", "--as", "sam"])
        defer { console.close() }
        let tmux = console.tmux
        try tmux.waitFor("Tickets", "ESC-1001", "Bounces to Gmail")
        try tmux.press("Enter")
        try tmux.waitFor("Timeline", "Acme Travel", "Gmail says 550.")
        try tmux.press("E")
        try tmux.waitFor("Reply to the customer on ESC-1001")
        try tmux.type("Which sending domain?")
        try tmux.press("C-d")
        try tmux.waitFor("Send reply to Jo <jo@\(Mail.customer)>?")
        try tmux.press("y")
        try tmux.waitFor("Reply to ESC-1001 queued in the outbox.")

        try must(["outbox", "deliver", "--mail", postfix.sendmailTransport])
        let outFile = try #require(try postfix.waitForMail(Mail.customer).first)
        let out = try Mail.pythonHeaders(postfix.maildir(Mail.customer) + "/new/" + outFile)
        let sentID = try #require(out["message_id"] as? String)
        #expect(out["subject"] as? String == "[ESC-1001] Bounces to Gmail")
        #expect(out["in_reply_to"] as? String == "<first.1@\(Mail.customer)>")

        try tmux.press("r")
        try tmux.waitFor("Resolve ESC-1001")
        try tmux.type("Asked for the sending domain")
        try tmux.press("Enter")
        try tmux.waitFor("ESC-1001 resolved.")

        try postfix.submitSMTP(from: "jo@\(Mail.customer)", to: ["support@\(Mail.desk)"], message: Mail.mail(
            from: "Jo <jo@\(Mail.customer)>", subject: "Re: [ESC-1001] Bounces to Gmail", id: "<answer.2@\(Mail.customer)>",
            body: "It is mail.acme.example.", inReplyTo: sentID, references: "<first.1@\(Mail.customer)> \(sentID)"))
        _ = try postfix.waitForMail(Mail.desk)
        try must(["tickets", "mail-in", inbox])
        // The open console sees the other process's write within a refresh.
        try tmux.waitFor("It is mail.acme.example.", timeout: 15)
        #expect(!console.hasExited)
        try tmux.press("q")
    }
}
