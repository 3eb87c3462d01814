import Foundation
import Testing
import _OpsTestSupport

/// The Tickets pane in the real console (tmux): a support agent lands on it, writes an
/// internal note and resolves the ticket; the CLI (another process) sees both.
@Suite("Console e2e: tickets")
struct ConsoleTicketsTests {
    @Test("a support user lands on Tickets, notes and resolves a ticket; tickets show --json sees it")
    func supportNotesAndResolves() throws {
        let cli = try PmopsCLI()
        func must(_ args: [String]) throws {
            let result = try cli.run(args)
            try #require(result.status == 0, "\(args.joined(separator: " ")): \(result)")
        }
        try must(["users", "add", "--yes", "sam", "--name", "Sam Support", "--email", "sam@example.com", "--role", "support"])
        try cli.dir.write("customers.json", #"[{"id":"acme","name":"Acme Travel","plan":"growth","status":"active","contacts":[{"name":"Jo","email":"jo@acme.example"}]}]"#)
        try must(["customers", "import", cli.dir.file("customers.json")])
        try must(["tickets", "open", "--customer", "acme", "--contact", "jo@acme.example", "--category", "deliverability",
                  "--priority", "P2", "--title", "Bounces to Gmail since 09:00"])

        let console = try ConsoleSession(cli: cli, arguments: ["console", "--no-collector", "--as", "sam"])
        defer { console.close() }
        let tmux = console.tmux
        let first = try tmux.waitFor("Tickets", "ESC-1001", "Bounces to Gmail since 09:00")
        #expect(first.contains("TICKET") && first.contains("SLA"), "landed on the queue: \(first)")
        try tmux.press("Enter")
        try tmux.waitFor("Timeline", "Acme Travel")
        try tmux.press("c")
        try tmux.waitFor("Internal note on ESC-1001")
        try tmux.type("Checked MTA logs: 550 5.7.26, DKIM")
        try tmux.press("C-d")
        try tmux.waitFor("Internal note added to ESC-1001.")
        try tmux.press("r")
        try tmux.waitFor("Resolve ESC-1001")
        try tmux.type("DKIM selector re-published")
        try tmux.press("Enter")
        try tmux.waitFor("ESC-1001 resolved.")
        #expect(!console.hasExited)
        // Resolved with an article: J names it (the ticket's title is offered) and writes it.
        try tmux.press("J")
        try tmux.waitFor("KB article from ESC-1001")
        try tmux.press("Enter")
        try tmux.waitFor("written from ESC-1001")
        let articles = try #require(try cli.json(["kb", "list", "--json"]) as? [[String: Any]])
        let article = try #require(articles.first { ($0["tickets"] as? [String])?.contains("ESC-1001") == true }, "\(articles)")
        #expect(article["title"] as? String == "Bounces to Gmail since 09:00")

        let shown = try #require(try cli.json(["tickets", "show", "ESC-1001", "--json"]) as? [String: Any])
        let ticket = try #require(shown["ticket"] as? [String: Any], "\(shown)")
        #expect(ticket["status"] as? String == "resolved")
        #expect(ticket["resolution"] as? String == "DKIM selector re-published")
        let entries = try #require(shown["entries"] as? [[String: Any]])
        #expect(entries.contains { $0["kind"] as? String == "note" && $0["author"] as? String == "sam" && ($0["body"] as? String)?.contains("550 5.7.26") == true })
        try tmux.press("q")
    }

    @Test("a reply written in $EDITOR: the screen suspends and comes back, y sends it to the ticket and the outbox")
    func replyThroughTheEditor() throws {
        let cli = try PmopsCLI()
        func must(_ args: [String]) throws {
            let result = try cli.run(args)
            try #require(result.status == 0, "\(args.joined(separator: " ")): \(result)")
        }
        try must(["users", "add", "--yes", "sam", "--name", "Sam Support", "--email", "sam@example.com", "--role", "support"])
        try cli.dir.write("customers.json", #"[{"id":"acme","name":"Acme Travel","plan":"growth","status":"active","contacts":[{"name":"Jo","email":"jo@acme.example"}]}]"#)
        try must(["customers", "import", cli.dir.file("customers.json")])
        try must(["tickets", "open", "--customer", "acme", "--contact", "jo@acme.example", "--category", "deliverability",
                  "--priority", "P2", "--title", "Bounces to Gmail since 09:00"])
        // The editor: records the draft's mode and template, then appends the reply (or,
        // once `cancel` exists, saves the template untouched).
        let seen = cli.dir.file("seen")
        let editor = try cli.dir.write("editor.sh", """
            #!/bin/sh
            stat -c %a "$1" > \(seen).mode
            cp "$1" \(seen).template
            [ -e \(cli.dir.file("cancel")) ] && exit 0
            printf 'Hi Jo,\\n\\nWe re-published the DKIM selector; please resend.\\n' >> "$1"
            """, mode: 0o755)

        let console = try ConsoleSession(cli: cli, arguments: ["console", "--no-collector", "--as", "sam"], environment: ["EDITOR": editor])
        defer { console.close() }
        let tmux = console.tmux
        try tmux.waitFor("Tickets", "ESC-1001")
        try tmux.press("E")
        let confirm = try tmux.waitFor("Send reply to Jo <jo@acme.example>?", "We re-published the DKIM selector")
        #expect(confirm.contains("Tickets"), "the console came back whole: \(confirm)")
        #expect(try FileFacts.text(seen + ".mode").trimmingCharacters(in: .whitespacesAndNewlines) == "600")
        let template = try FileFacts.text(seen + ".template")
        #expect(template.contains("# Reply to the customer on ESC-1001: Bounces to Gmail since 09:00"))
        #expect(template.contains("# To: Jo <jo@acme.example>, Acme Travel (acme)"))
        try tmux.press("y")
        try tmux.waitFor("Reply to ESC-1001 queued in the outbox.")
        _ = try cli.dir.write("cancel", "")
        try tmux.press("E")
        try tmux.waitFor("Reply cancelled")
        #expect(!console.hasExited)

        let shown = try #require(try cli.json(["tickets", "show", "ESC-1001", "--json"]) as? [String: Any])
        let entries = try #require(shown["entries"] as? [[String: Any]])
        let out = entries.filter { $0["kind"] as? String == "update-out" }
        #expect(out.count == 1, "the cancelled draft sent nothing: \(entries)")
        #expect(out.first?["body"] as? String == "Hi Jo,\n\nWe re-published the DKIM selector; please resend.")
        let outbox = try cli.run(["outbox", "list"])
        #expect(outbox.stdout.contains("jo@acme.example") && outbox.stdout.contains("[ESC-1001]"), "\(outbox)")
        try tmux.press("q")
    }
}
