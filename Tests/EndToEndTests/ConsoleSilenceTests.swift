import Foundation
import Testing
import _OpsTestSupport

/// A silence made from an alert in the real console (tmux) mutes that alert: the form
/// previews the match, the CLI (a separate process) sees the alert silenced, and the
/// Silences pane, opened from the palette, lists the silence.
@Suite("Console e2e: silences")
struct ConsoleSilenceTests {
    @Test("s on an alert, a comment, Enter: the alert is muted and the CLI agrees")
    func silenceFromAlertMutesIt() throws {
        let cli = try PmopsCLI()
        try #require(try cli.run(["alerts", "ingest", "-"], stdin: ConsoleAlertsTests.webhook).status == 0)
        let listed = try ConsoleAlertsTests.list(cli)
        let critical = try #require(listed.first { ($0["summary"] as? String)?.contains("mx1") == true })
        let id = try #require((critical["id"] as? NSNumber)?.int64Value)

        let console = try ConsoleSession(cli: cli, arguments: ["console", "--no-collector"])
        defer { console.close() }
        let tmux = console.tmux
        try tmux.waitFor("2 Alerts (1)")
        try tmux.press("2")
        try tmux.waitFor("e2e queue backed up on mx1")
        try tmux.press("s")
        try tmux.waitFor("Silence alerts like \(id)", "Matches 1 alert now: #\(id) SMTPQueueBacklog mx1:9100")
        // alertname, service, instance, the empty matcher line, the duration; then the comment.
        for _ in 0..<5 { try tmux.press("Tab") }
        try tmux.type("relay maintenance")
        try tmux.press("Enter")
        try tmux.waitFor("mutes 1 alert")
        try tmux.waitUntil("the row shown silenced") { screen in
            screen.split(separator: "\n").contains { $0.contains("mx1") && $0.contains("silenced") }
        }

        let shown = try #require(try cli.json(["alerts", "show", String(id), "--json"]) as? [String: Any])
        let alert = try #require(shown["alert"] as? [String: Any] ?? shown)
        #expect(alert["silence_id"] != nil && !(alert["silence_id"] is NSNull), "\(alert)")
        let silenced = try cli.json(["alerts", "list", "--silenced", "only", "--json"])
        #expect("\(silenced)".contains("e2e queue backed up on mx1"), "\(silenced)")

        try tmux.press(":")
        try tmux.type("silences")
        try tmux.press("Enter")
        try tmux.waitFor("Silences  1 active", "alertname=\"SMTPQueueBacklog\"", "relay maintenance")
        #expect(!console.hasExited)
    }
}
