import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// Alerts on their way: pending rule alerts show dimmed above the queue with the time left,
/// and resolve and escalate take an optional note.
@MainActor
@Suite("Pending alerts and action notes")
struct PendingAlertsGoldenTests {
    nonisolated static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]

    /// The seeded queue plus two pending alerts (due in 1m20s and 4m).
    static func harness(size: Size, theme: Theme = .default) throws -> (ConsoleHarness, AlertFixtures.Seeded) {
        let (h, seeded) = try AlertFixtures.harness(size: size, theme: theme)
        let now = h.clock.now()
        for (rule, severity, due, summary) in [("queue_depth_critical", AlertSeverity.critical, 80.0, "Queue outbound-main holds 12,400 messages"),
                                               ("bounce_rate_warning", .warning, 240.0, "Bounce rate 3.4 % on pool main")] {
            _ = try h.store.upsertAlert(AlertSignal(fingerprint: rule, rule: rule, labels: ["service": "mta"],
                                                    annotations: [AlertRecord.firesAtAnnotation: Timestamp.format(now.addingTimeInterval(due))],
                                                    severity: severity, status: .pending, summary: summary, at: now.addingTimeInterval(-40)))
        }
        _ = h.app.refresh(force: true)
        h.frame()
        return (h, seeded)
    }

    @Test(arguments: sizes) func queueWithPending(size: Size) throws {
        let (h, _) = try Self.harness(size: size)
        assertSnapshot(h.frame(), named: "alerts-pending-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test func queueWithPendingMono() throws {
        let (h, _) = try Self.harness(size: Size(width: 120, height: 40), theme: Theme.default.monochrome())
        assertSnapshot(h.frame(), named: "alerts-pending-mono-120x40", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test func pendingRowsAreNotQueueRows() throws {
        let (h, _) = try Self.harness(size: Size(width: 120, height: 40))
        #expect(h.text.contains("crit  pending  fires in 1m20s  mta  Queue outbound-main holds 12,400 messages"))
        #expect(h.text.contains("fires in 4m00s"))
        #expect(h.alerts.queue.rowCount == (try h.store.alertCount(.default, as: ActorContext(osLogin: ConsoleHarness.operatorLogin))))
        h.clock.advance(by: 30)
        h.frame()
        #expect(h.text.contains("fires in 50s"), "the countdown follows the clock")
        // A click on the first table row still selects it under the strip.
        h.press(.end)
        _ = h.alerts.handleMouse(MouseEvent(x: 5, y: 2 + h.alerts.pendingLines, button: .left))
        #expect(h.alerts.queue.selectedIndex == 0)
    }

    @Test("resolve and escalate ask for an optional note; one Enter skips it")
    func resolveAndEscalateTakeANote() throws {
        let (h, s) = try AlertFixtures.harness()
        let op = ActorContext(osLogin: ConsoleHarness.operatorLogin)
        // Team platform has two levels; the fixture left api at the last one.
        try h.store.write { db in try db.execute(sql: "UPDATE alert SET escalation_level = 1 WHERE id = ?", arguments: [s["api"]]) }
        _ = h.app.refresh(force: true)
        AlertsPaneGoldenTests.select(s["api"], in: h)
        h.press(.char("p"))
        guard case let .prompt(p) = h.alerts.modal else { Issue.record("escalate opened no prompt"); return }
        #expect(p.kind == .escalate && h.text.contains("Escalate alert"))
        h.type("need the relay owners")
        h.press(.enter)
        let escalated = try h.store.alertDetail(id: s["api"], as: op)
        #expect(escalated.alert.escalationLevel == 2)
        #expect(escalated.history.contains { $0.note == "need the relay owners" }, "\(escalated.history.map(\.kind))")
        AlertsPaneGoldenTests.select(s["disk1"], in: h)
        h.press(.char("r"))
        #expect(h.text.contains("Resolve alert"))
        h.press(.enter)  // no note
        #expect(try h.store.alertDetail(id: s["disk1"], as: op).alert.state == .resolved)
        AlertsPaneGoldenTests.select(s["disk2"], in: h)
        h.press(.char("r"))
        h.press(.escape)
        #expect(try h.store.alertDetail(id: s["disk2"], as: op).alert.state == .open, "Esc resolves nothing")
    }

    @Test("an acknowledged alert that is silenced shows both")
    func ackedAndSilencedShowsBoth() throws {
        let (h, s) = try AlertFixtures.harness()
        let op = ActorContext(osLogin: ConsoleHarness.operatorLogin)
        try h.store.acknowledgeAlerts([s["disk1"]], note: nil, as: op)
        _ = try h.store.addSilence(matchers: try LabelMatcher.parseList(#"alertname="HostDiskFull""#), endsAt: h.clock.now() + 3600,
                                   comment: "spool cleanup", as: op)
        let alert = try h.store.alertDetail(id: s["disk1"], as: op).alert
        #expect(alert.displayState == "acknowledged+silenced")
        #expect(AlertsPane.stateText(alert) == "ack+sil")
        _ = h.app.refresh(force: true)
        #expect(h.text.contains("ack+sil"))
    }
}
