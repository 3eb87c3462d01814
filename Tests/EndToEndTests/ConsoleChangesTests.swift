import Foundation
import Testing
import _OpsTestSupport

/// The Changes pane in the real console (tmux): a change set drafted with the CLI by one
/// person is approved and applied to staging in the console by a second (`--as`); the CLI
/// (another process) sees the approval, the apply and the staging value.
@Suite("Console e2e: changes")
struct ConsoleChangesTests {
    @Test("drafted by dana with the CLI, approved and applied in the console by eve; config show --json sees it")
    func secondPersonApprovesAndApplies() throws {
        let cli = try PmopsCLI()
        func must(_ args: [String]) throws {
            let result = try cli.run(args)
            try #require(result.status == 0, "\(args.joined(separator: " ")): \(result)")
        }
        try must(["users", "add", "--yes", "dana", "--name", "Dana Devops", "--email", "dana@example.com", "--role", "devops"])
        try must(["users", "add", "--yes", "eve", "--name", "Eve Devops", "--email", "eve@example.com", "--role", "devops"])
        try must(["config", "draft", "retention.days=120", "--env", "staging", "--rationale", "Tenants asked for 4 months of logs.",
                  "--submit", "--as", "dana"])

        // The author cannot approve her own set: the core's sentence, nothing changes.
        do {
            let own = try ConsoleSession(cli: cli, arguments: ["console", "--no-collector", "--as", "dana"])
            defer { own.close() }
            let tmux = own.tmux
            try tmux.press("9")
            try tmux.waitFor("Changes", "cs-1 retention.days=120", "in review")
            try tmux.press("Z")
            try tmux.waitFor("Review cs-1")
            try tmux.press("Enter")
            try tmux.waitFor("Approve cs-1")
            try tmux.press("Enter")
            try tmux.waitFor("Four-eyes")
            try tmux.press("Escape")
            try tmux.press("q")
        }
        let unchanged = try #require(try cli.json(["config", "show", "1", "--json"]) as? [String: Any])
        #expect(unchanged["status"] as? String == "in_review", "\(unchanged)")

        let console = try ConsoleSession(cli: cli, arguments: ["console", "--no-collector", "--as", "eve"])
        defer { console.close() }
        let tmux = console.tmux
        try tmux.press("9")
        try tmux.waitFor("Changes", "cs-1 retention.days=120")
        try tmux.press("Enter")
        try tmux.waitFor("Change set cs-1", "Tenants asked for 4 months of logs.", "90 → 120")
        try tmux.press("Z")
        try tmux.waitFor("Review cs-1")
        try tmux.press("Enter")
        try tmux.waitFor("Approve cs-1")
        try tmux.type("logs volume checked")
        try tmux.press("Enter")
        try tmux.waitFor("Approved cs-1")
        try tmux.press(">")
        try tmux.waitFor("Apply cs-1 to staging", "retention.days = 120")
        try tmux.press("Enter")
        try tmux.waitFor("Applied cs-1 to staging")
        #expect(!console.hasExited)

        let shown = try #require(try cli.json(["config", "show", "1", "--json"]) as? [String: Any])
        #expect(shown["status"] as? String == "staging_applied", "\(shown)")
        #expect(shown["approver"] as? String == "eve")
        #expect(shown["author"] as? String == "dana")
        let key = try cli.run(["config", "show", "--key", "retention.days", "--env", "staging"])
        #expect(key.status == 0 && key.stdout.contains("120"), "\(key)")
        try tmux.press("q")
    }
}
