import Foundation
import Testing
import _OpsTestSupport

/// `pmops oncall` through the built binary: file:line refusals with nothing applied, who is
/// on call as JSON, the iCalendar feed, overrides and the load report.
@Suite("CLI: oncall")
struct CLIOnCallTests {
    @Test("schedule load refuses a bad file at file:line (exit 2, nothing loaded); now, export, override and report work")
    func endToEnd() throws {
        let cli = try PmopsCLI()
        let me = PmopsCLI.osLogin
        let bad = try cli.dir.write("bad.conf", "schedule s team ops tz Mars/Olympus\nlayer a priority 1 every daily start 2026-01-01 handoff 09:00 people ghost\n")
        let refused = try cli.run(["oncall", "schedule", "load", bad])
        #expect(refused.status == 2, "\(refused)")
        #expect(refused.stderr.contains("bad.conf:1") && refused.stderr.contains("not an IANA time zone"), "\(refused.stderr)")
        #expect(try cli.run(["oncall", "now"]).stdout.hasPrefix("No on-call schedules"))
        let good = try cli.dir.write("good.conf", "schedule ops-primary team ops tz Europe/Berlin\nlayer a priority 1 every weekly start 2026-01-05 handoff 09:00 people \(me)\n")
        let unknown = try cli.dir.write("ghost.conf", "schedule x team ops tz UTC\nlayer a priority 1 every daily start 2026-01-01 handoff 09:00 people ghost\n")
        let ghost = try cli.run(["oncall", "schedule", "check", unknown])
        #expect(ghost.status == 2 && ghost.stderr.contains("ghost.conf:2") && ghost.stderr.contains("not a staff account"), "\(ghost)")
        #expect(try cli.run(["oncall", "schedule", "load", good]).status == 0)
        let now = try #require(try cli.json(["oncall", "now", "--team", "ops", "--json"]) as? [[String: Any]])
        #expect(now.first?["login"] as? String == me)
        #expect(now.first?["time_zone"] as? String == "Europe/Berlin")
        let ics = try cli.run(["oncall", "export", "--schedule", "ops-primary", "--format", "ics", "--days", "14"])
        #expect(ics.status == 0 && ics.stdout.hasPrefix("BEGIN:VCALENDAR\r\n") && ics.stdout.contains("SUMMARY:On call: \(me) (ops-primary)"))
        #expect(try cli.run(["oncall", "now", "--team", "nope"]).status == 3)
        #expect(try cli.run(["oncall", "export", "--schedule", "ops-primary", "--format", "pdf"]).status == 2)
        #expect(try cli.run(["oncall", "report", "--since", "30d"]).stdout.hasPrefix("No pages since"))
    }
}
