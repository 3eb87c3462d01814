import Foundation
import Testing
import _OpsTestSupport

/// The Alert queue pane in the real console (tmux), checked with the CLI (a separate
/// process on the same store) while the console is still open.
@Suite("Console e2e: alert queue")
struct ConsoleAlertsTests {
    /// A version-4 Alertmanager webhook with one critical and two warnings.
    static let webhook = Data("""
        {"version":"4","groupKey":"{}:{alertname=\\"e2e\\"}","truncatedAlerts":0,"status":"firing","receiver":"ops-console",
         "groupLabels":{},"commonLabels":{},"commonAnnotations":{},"externalURL":"http://127.0.0.1:9093","alerts":[
          {"status":"firing","labels":{"alertname":"SMTPQueueBacklog","service":"mta","instance":"mx1:9100","severity":"critical"},
           "annotations":{"summary":"e2e queue backed up on mx1"},"startsAt":"2026-11-27T10:00:00Z","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"","fingerprint":"e2e0001"},
          {"status":"firing","labels":{"alertname":"HostDiskFull","service":"mta","instance":"mx2:9100","severity":"warning"},
           "annotations":{"summary":"e2e disk 93% full on mx2"},"startsAt":"2026-11-27T10:05:00Z","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"","fingerprint":"e2e0002"},
          {"status":"firing","labels":{"alertname":"HostDiskFull","service":"mta","instance":"mx3:9100","severity":"warning"},
           "annotations":{"summary":"e2e disk 91% full on mx3"},"startsAt":"2026-11-27T10:06:00Z","endsAt":"0001-01-01T00:00:00Z",
           "generatorURL":"","fingerprint":"e2e0003"}]}
        """.utf8)

    /// `pmops alerts list --json`: the rows under "alerts".
    static func list(_ cli: PmopsCLI) throws -> [[String: Any]] {
        let json = try cli.json(["alerts", "list", "--json"])
        return try #require((json as? [String: Any])?["alerts"] as? [[String: Any]] ?? json as? [[String: Any]], "\(json)")
    }

    @Test("a acknowledges the critical alert under the cursor with a note; the CLI sees it while the console runs")
    func acknowledgeInConsole() throws {
        let cli = try PmopsCLI()
        let ingested = try cli.run(["alerts", "ingest", "-"], stdin: Self.webhook)
        try #require(ingested.status == 0, "\(ingested)")
        let listed = try Self.list(cli)
        let critical = try #require(listed.first { ($0["summary"] as? String)?.contains("mx1") == true })
        let id = try #require((critical["id"] as? NSNumber)?.int64Value)

        let console = try ConsoleSession(cli: cli, arguments: ["console", "--no-collector"])
        defer { console.close() }
        let tmux = console.tmux
        let first = try tmux.waitUntil("the tab bar with the Alerts tab and its badge") { screen in
            screen.contains("2 Alerts (1)")
        }
        #expect(first.contains("1 Health"), "\(first)")
        try tmux.press("2")
        let queue = try tmux.waitFor("SUMMARY", "e2e queue backed up on mx1", "3 alerts")
        // Unacknowledged critical first: the cursor starts on it.
        let rows = queue.split(separator: "\n").filter { $0.contains("e2e ") }
        #expect(rows.first?.contains("mx1") == true, "\(queue)")
        try tmux.press("a")
        try tmux.waitFor("Acknowledge alert \(id)")
        try tmux.type("looking into it")
        try tmux.press("Enter")
        let after = try tmux.waitFor("Acknowledged alert \(id).")
        #expect(!after.contains("Acknowledge alert \(id)"), "the dialog closed: \(after)")

        #expect(!console.hasExited)
        let shown = try #require(try cli.json(["alerts", "show", String(id), "--json"]) as? [String: Any])
        let alert = try #require(shown["alert"] as? [String: Any] ?? shown)
        #expect(alert["state"] as? String == "acknowledged")
        #expect(alert["acked_by"] as? String == PmopsCLI.osLogin)
        #expect(alert["ack_note"] as? String == "looking into it")
        // The row follows, and the badge empties (no unacknowledged critical left).
        try tmux.waitUntil("the acknowledged row and the empty badge") { screen in
            screen.split(separator: "\n").contains { $0.contains("mx1") && $0.contains("acked") } && !screen.contains("Alerts (1)")
        }
        // Escape on its own, as a person presses it: nothing selected, filters at default, so
        // the pane stays and the console keeps running.
        try tmux.press("Escape")
        #expect(!console.hasExited)
    }

    @Test("an alert acknowledged by the CLI shows in the open console within a refresh")
    func secondProcessAcknowledges() throws {
        let cli = try PmopsCLI()
        try #require(try cli.run(["alerts", "ingest", "-"], stdin: Self.webhook).status == 0)
        let console = try ConsoleSession(cli: cli, arguments: ["console", "--no-collector"])
        defer { console.close() }
        let tmux = console.tmux
        try tmux.waitFor("2 Alerts (1)")
        try tmux.press("2")
        try tmux.waitFor("e2e queue backed up on mx1")
        let listed = try Self.list(cli)
        let ids: [Int64] = listed.compactMap { ($0["id"] as? NSNumber)?.int64Value }
        let id = try #require(ids.min())
        let acked = try cli.run(["alerts", "ack", String(id), "--note", "from the CLI"])
        #expect(acked.status == 0, "\(acked)")
        try tmux.waitUntil("the console to show the CLI's acknowledgement") { screen in
            screen.split(separator: "\n").contains { $0.contains("mx1") && $0.contains("acked") }
        }
    }
}
