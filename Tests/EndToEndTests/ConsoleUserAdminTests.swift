import Foundation
import Testing
import _OpsTestSupport

/// Account changes made through the console's forms, checked with the CLI (a separate
/// process on the same store) while the console is still open.
@Suite("Console e2e: user admin forms")
struct ConsoleUserAdminTests {
    @Test("n opens the form; login, name, email and two ticked roles create the account")
    func createThroughForm() throws {
        let cli = try PmopsCLI(initialize: false)
        let console = try ConsoleSession(cli: cli)
        defer { console.close() }
        let tmux = console.tmux
        try console.waitForTable()
        try tmux.press("n")
        try tmux.waitFor("New account", "[ ] super_admin")
        try tmux.type("e2ejane")
        try tmux.press("Tab")
        try tmux.type("Jane Ëtwo-Ë")
        try tmux.press("Tab")
        try tmux.type("jane.e2e@example.com")
        try tmux.press("Tab", "Tab")  // past Team (left empty) to the role checklist
        // super_admin, admin, ops, devops, security, support…: tick ops and support.
        try tmux.press("Down", "Down", "Space", "Down", "Down", "Down", "Space")
        let ticked = try tmux.waitFor("[x] ops", "[x] support")
        #expect(ticked.contains("[ ] security"), "\(ticked)")
        #expect(ticked.contains("[ ] super_admin"), "\(ticked)")
        try tmux.press("Enter")
        let after = try tmux.waitFor("Created 'e2ejane'")
        #expect(!after.contains("New account"), "the form closed: \(after)")

        // A separate process, while the console is still open.
        #expect(!console.hasExited)
        let json = try #require(try cli.json(["users", "show", "e2ejane", "--json"]) as? [String: Any])
        #expect(json["login"] as? String == "e2ejane")
        #expect(json["name"] as? String == "Jane Ëtwo-Ë")
        #expect(json["email"] as? String == "jane.e2e@example.com")
        #expect(json["roles"] as? [String] == ["ops", "support"])
        #expect(json["status"] as? String == "active")
        #expect(json["team"] is NSNull)
        #expect(json["updated_by"] as? String == PmopsCLI.osLogin)
        // The list shows the new row with its roles.
        try tmux.waitUntil("the new row in the table") { screen in
            screen.split(separator: "\n").contains { $0.contains("e2ejane") && $0.contains("ops, support") }
        }
    }

    @Test("An email without '@' shows the inline error in the form and creates nothing")
    func invalidEmail() throws {
        let cli = try PmopsCLI(initialize: false)
        let console = try ConsoleSession(cli: cli)
        defer { console.close() }
        let tmux = console.tmux
        try console.waitForTable()
        try tmux.press("n")
        try tmux.waitFor("New account")
        try tmux.type("e2ebad")
        try tmux.press("Tab")
        try tmux.type("Bad Email")
        try tmux.press("Tab")
        try tmux.type("bad.example.com")
        try tmux.press("Tab", "Tab", "Down", "Down", "Space")
        try tmux.waitFor("[x] ops")
        try tmux.press("Enter")
        let screen = try tmux.waitFor("has no '@'")
        #expect(screen.contains("New account"), "the form stays open: \(screen)")
        #expect(screen.contains("bad.example.com"), "what was typed is kept: \(screen)")
        #expect(!screen.contains("Created"), "\(screen)")

        let shown = try cli.run(["users", "show", "e2ebad", "--json"])
        #expect(shown.status == 3, "\(shown)")
        // Esc cancels; still nothing.
        try tmux.press("Escape")
        try tmux.waitForAbsence(of: "New account")
        #expect(try cli.run(["users", "show", "e2ebad"]).status == 3)
    }

    @Test("d with reason and the typed login deactivates; a wrong confirmation is refused first")
    func deactivate() throws {
        let cli = try PmopsCLI(initialize: false)
        let seeded = try cli.run(["demo", "seed"])
        #expect(seeded.status == 0, "\(seeded)")
        let added = try cli.run(["users", "add", "--yes", "e2egone", "--name", "Gone Soon", "--email", "gone@example.com", "--role", "support"])
        #expect(added.status == 0, "\(added)")
        let console = try ConsoleSession(cli: cli)
        defer { console.close() }
        let tmux = console.tmux
        try console.waitForTable()
        try tmux.press("/")
        try tmux.type("e2egone")
        try tmux.press("Enter")
        let filtered = try tmux.waitUntil("the filter to leave one account") { screen in
            screen.contains("Filter \"e2egone\"") && screen.split(separator: "\n").contains { $0.hasSuffix(" 1 account") }
        }
        #expect(filtered.contains("Gone Soon"), "\(filtered)")
        try tmux.press("d")
        try tmux.waitFor("Deactivate e2egone", "Type e2egone")
        try tmux.type("left the company")
        try tmux.press("Tab")
        try tmux.type("e2egon")  // one letter short
        try tmux.press("Enter")
        try tmux.waitFor("type 'e2egone' exactly to confirm")
        #expect(try status(of: "e2egone", cli) == "active")
        try tmux.type("e")
        try tmux.press("Enter")
        let done = try tmux.waitFor("Deactivated 'e2egone'")
        #expect(!done.contains("Type e2egone"), "the dialog closed: \(done)")

        #expect(!console.hasExited)
        let json = try #require(try cli.json(["users", "show", "e2egone", "--json"]) as? [String: Any])
        #expect(json["status"] as? String == "deactivated")
        #expect((json["roles"] as? [String])?.isEmpty == true)
        // The row in the (still filtered) list follows.
        try tmux.waitUntil("the deactivated row") { screen in
            screen.split(separator: "\n").contains { $0.contains("e2egone") && $0.contains("deactivated") }
        }
        let audit = try cli.run(["audit", "list", "--json"])
        #expect(audit.status == 0 && audit.stdout.contains("left the company"), "\(audit)")
    }

    private func status(of login: String, _ cli: PmopsCLI) throws -> String? {
        (try cli.json(["users", "show", login, "--json"]) as? [String: Any])?["status"] as? String
    }
}
