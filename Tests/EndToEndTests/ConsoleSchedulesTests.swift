import Foundation
import Testing
import _OpsTestSupport

/// Schedule-based paging through the built binary: the demo routing pages
/// `schedule:sre-primary` at level 1, an alert fires, its page goes to whoever the schedule
/// has on call, and the console's Alerts detail names that person at level 1; the Schedules
/// pane shows the same person on call.
@Suite("Console e2e: on-call schedules")
struct ConsoleSchedulesTests {
    @Test("an alert pages the person on call in sre-primary; the Alerts detail shows them at level 1")
    func pageGoesToWhoeverIsOnCall() throws {
        let cli = try PmopsCLI()
        let seeded = try cli.run(["demo", "seed"])
        try #require(seeded.status == 0, "\(seeded)")
        let routing = try cli.run(["routing", "show"])
        #expect(routing.stdout.contains("schedule:sre-primary"), "the demo routing pages through the schedule: \(routing)")

        func onCall() throws -> String {
            let rows = try #require(try cli.json(["oncall", "now", "--team", "sre", "--json"]) as? [[String: Any]])
            return try #require(rows.first { $0["schedule"] as? String == "sre-primary" }?["login"] as? String)
        }
        let before = try onCall()
        let ingested = try cli.run(["alerts", "ingest", try AlertsIngestCLI.sample("01_firing_critical_pager.json")])
        try #require(ingested.status == 0, "\(ingested)")
        let after = try onCall()
        // A handoff between the two reads is allowed; the page went to one of them.
        let report = try #require(try cli.json(["oncall", "report", "--since", "1h", "--json"]) as? [[String: Any]])
        let paged = try #require(report.first?["login"] as? String, "no page recorded: \(report)")
        #expect(report.count == 1 && [before, after].contains(paged), "paged \(paged); on call \(before)/\(after)")

        let console = try ConsoleSession(cli: cli, arguments: ["console", "--no-collector"], width: 120, height: 40)
        defer { console.close() }
        let tmux = console.tmux
        try tmux.waitFor("Health", timeout: 30)
        try tmux.press("2")
        try tmux.waitFor("Outbound queue above 5000 on mx1", timeout: 30)
        try tmux.press("Enter")
        let detail = try tmux.waitFor("Paged per level", "Level 1", timeout: 30)
        let line = try #require(detail.split(separator: "\n").first { $0.contains("Level 1") })
        #expect(line.contains("\(paged) (on call in sre-primary) at "), "\(line)")

        // The Schedules pane (from the palette) says who holds sre-primary now.
        try tmux.press("Escape")
        try tmux.press(":")
        try tmux.type("schedules")
        try tmux.press("Enter")
        let list = try tmux.waitFor("On-call schedules", "sre-primary", timeout: 30)
        let row = try #require(list.split(separator: "\n").first { $0.contains("sre-primary") })
        #expect(row.contains(after), "\(row)")
        try tmux.press("q")
    }

    @Test("an override made in the console (n, Enter) changes who gets the next page")
    func consoleOverrideTakesTheNextPage() throws {
        let cli = try PmopsCLI()
        let seeded = try cli.run(["demo", "seed"])
        try #require(seeded.status == 0, "\(seeded)")
        func onCall() throws -> String {
            let rows = try #require(try cli.json(["oncall", "now", "--team", "sre", "--json"]) as? [[String: Any]])
            return try #require(rows.first { $0["schedule"] as? String == "sre-primary" }?["login"] as? String)
        }
        // Who covers: someone of sre-primary who is not on call now (nor the OS user).
        let schedules = try #require(try cli.json(["oncall", "schedule", "list", "--json"]) as? [[String: Any]])
        let text = try #require(schedules.first { $0["name"] as? String == "sre-primary" }?["text"] as? String)
        let people = text.split(separator: "\n").flatMap { line -> [String] in
            guard let range = line.range(of: " people ") else { return [] }
            return line[range.upperBound...].split(separator: " ")[0].split(separator: ",").map(String.init)
        }
        let before = try onCall()
        let cover = try #require(people.first { $0 != before && $0 != PmopsCLI.osLogin }, "\(people)")

        let console = try ConsoleSession(cli: cli, arguments: ["console", "--no-collector", "--as", cover], width: 120, height: 40)
        defer { console.close() }
        let tmux = console.tmux
        try tmux.waitFor("Health", timeout: 30)
        try tmux.press(":")
        try tmux.type("schedules")
        try tmux.press("Enter")
        try tmux.waitFor("On-call schedules", "sre-primary", timeout: 30)
        try tmux.press("/")
        try tmux.type("sre-primary")
        try tmux.press("Enter")
        try tmux.waitFor("\"sre-primary\"", timeout: 30)
        try tmux.press("Enter")
        try tmux.waitFor("Schedule sre-primary ·", timeout: 30)
        // n on the slot holding now: the dialog is prefilled (cover covers whoever is on call).
        try tmux.press("n")
        let dialog = try tmux.waitFor("Override in sre-primary", "Covering", timeout: 30)
        #expect(dialog.contains(cover), "\(dialog)")
        let now = try onCall()
        try tmux.press("Enter")
        // The timeline lists it under "Overrides in view" (made by the console's actor).
        let saved = try tmux.waitFor("\(cover) covers \(now), ", "by \(cover)", timeout: 30)
        #expect(!saved.contains("Override in sre-primary"), "the dialog closed")

        let overrides = try #require(try cli.json(["oncall", "override", "list", "--json"]) as? [[String: Any]])
        #expect(overrides.contains { $0["covering"] as? String == cover && $0["covered"] as? String == now && $0["schedule"] as? String == "sre-primary" },
                "\(overrides)")
        #expect(try onCall() == cover, "oncall now names the covering person")

        // The next page goes to the covering person.
        let ingested = try cli.run(["alerts", "ingest", try AlertsIngestCLI.sample("01_firing_critical_pager.json")])
        try #require(ingested.status == 0, "\(ingested)")
        let report = try #require(try cli.json(["oncall", "report", "--since", "1h", "--json"]) as? [[String: Any]])
        #expect(report.count == 1 && report.first?["login"] as? String == cover, "paged: \(report); covering \(cover), covered \(now)")
        try tmux.press("q")
    }
}
