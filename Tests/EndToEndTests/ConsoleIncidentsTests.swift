import Foundation
import Testing
import _OpsTestSupport

/// The Incidents pane in the real console (tmux, the demo with its in-process collector):
/// from the demo's blacklist alert, declare an incident in the Alerts pane, add a note, see a
/// change recorded by a pipeline (another process) arrive on the timeline, resolve it, write
/// the postmortem's summary in the pane and export the postmortem as Markdown with the CLI.
@Suite("Console e2e: incidents")
struct ConsoleIncidentsTests {
    @Test("declare from the blacklist alert, note, a recorded change on the timeline, resolve, postmortem written and exported")
    func declareNoteResolve() throws {
        let cli = try PmopsCLI(initialize: false)
        let console = try ConsoleSession(cli: cli, arguments: ["demo", "--demo-offset", "392"], width: 160, height: 48)
        defer { console.close() }
        let tmux = console.tmux
        try tmux.waitFor("Firing alerts", "Blacklists", timeout: 60)
        // 400 s into the script 203.0.113.12 is listed on spamhaus-sbl.
        try tmux.waitFor("IP 203.0.113.12 is listed on spamhaus-sbl", timeout: 90)
        try tmux.press("2")
        try tmux.waitFor("SUMMARY", "ASSIGNEE", timeout: 30)
        try tmux.press("/")
        try tmux.type("203.0.113.12")
        try tmux.press("Enter")
        try tmux.waitUntil("only the blacklist alert in the queue", timeout: 30) { screen in
            screen.contains("is listed on spamhaus-sbl") && screen.contains("\"203.0.113.12\"")
        }
        try tmux.press("Space")
        try tmux.press("D")
        try tmux.waitFor("Declare an incident from alert", "Commander", timeout: 30)
        try tmux.press("Enter")
        let declared = try tmux.waitFor("Declared INC-", timeout: 30)
        let number = try #require(Self.incident(in: declared), "no incident number in:\n\(declared)")
        try tmux.waitFor("[\(number)]", timeout: 30)

        try tmux.press("7")
        try tmux.waitFor("COMMANDER", number, "IP 203.0.113.12 is listed on spamhaus-sbl", timeout: 30)
        try tmux.press("g")
        try tmux.press("Enter")
        try tmux.waitFor("\(number): IP 203.0.113.12", "commander", "ENTRY", timeout: 30)
        try tmux.press("c")
        try tmux.waitFor("Note on \(number)", timeout: 30)
        try tmux.type("Asked Spamhaus for delisting, ticket SBL-554")
        try tmux.press("C-d")
        try tmux.waitFor("Note added to \(number).", "Asked Spamhaus for delisting", timeout: 30)
        // A pipeline records a change to the incident's affected service: the store's hook puts
        // it on the open incident's timeline, and the pane shows it on its next refresh.
        let recorded = try cli.run(["changes", "record", "--kind", "config", "--service", "mta", "--version", "pool-b-throttle-500h"])
        #expect(recorded.status == 0, "\(recorded)")
        try tmux.waitFor("config mta pool-b-throttle-500h", timeout: 30)
        try tmux.press(">")
        try tmux.waitFor("Change the status of \(number)", timeout: 30)
        try tmux.type("resolved")
        try tmux.press("Enter")
        try tmux.waitFor("\(number) is resolved now.", timeout: 30)
        try tmux.press("H")
        try tmux.waitFor("Root cause", timeout: 30)
        try tmux.press("e")
        try tmux.waitFor("Which postmortem section of \(number)?", timeout: 30)
        try tmux.type("summary")
        try tmux.press("Enter")
        try tmux.type("Pool B was listed after a tenant's list import; delisted in 40 minutes")
        try tmux.press("C-d")
        try tmux.waitFor("Summary of \(number)'s postmortem saved.", timeout: 30)
        #expect(!console.hasExited)

        let shown = try #require(try cli.json(["incidents", "show", number, "--json"]) as? [String: Any])
        let incident = try #require(shown["incident"] as? [String: Any], "\(shown)")
        #expect(incident["status"] as? String == "resolved")
        let entries = try #require(shown["timeline"] as? [[String: Any]], "\(shown)")
        #expect(entries.contains { $0["kind"] as? String == "note" && $0["body"] as? String == "Asked Spamhaus for delisting, ticket SBL-554" }, "\(entries)")
        let alerts = shown["alerts"] as? [Any] ?? []
        #expect(alerts.count == 1, "\(shown)")
        #expect(entries.contains { $0["kind"] as? String == "change" && ($0["body"] as? String ?? "").contains("config mta pool-b-throttle-500h") }, "\(entries)")

        let file = cli.dir.file("postmortem.md")
        let exported = try cli.run(["incidents", "export", number, "--format", "md", "--output", file])
        #expect(exported.status == 0, "\(exported)")
        let markdown = try String(contentsOfFile: file, encoding: .utf8)
        // Store text is escaped in the export (so a note cannot inject headings or links).
        #expect(markdown.contains(#"Pool B was listed after a tenant\'s list import; delisted in 40 minutes"#), "\(markdown)")
        #expect(markdown.contains("Asked Spamhaus for delisting"), "\(markdown)")
        #expect(markdown.contains(#"pool\-b\-throttle\-500h"#), "\(markdown)")
        #expect(markdown.contains("## Root cause"), "\(markdown)")
        try tmux.press("q")
    }

    /// "INC-4" from "Declared INC-4 (SEV-2) …".
    static func incident(in screen: String) -> String? {
        guard let range = screen.range(of: #"Declared INC-[0-9]+"#, options: .regularExpression) else { return nil }
        return String(screen[range].dropFirst("Declared ".count))
    }
}
