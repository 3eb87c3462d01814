import Foundation
import OpsCore
import OpsStore
import OpsFixtures
import Testing
@testable import OpsConsole
import TermUI

/// Keys → store calls on the Alert queue pane, refusals, refresh and highlight behaviour.
@MainActor
@Suite("Alert queue pane")
struct AlertsPaneTests {
    let op = ActorContext(osLogin: ConsoleHarness.operatorLogin)

    /// Ids of the rows on screen, in order (the loaded window).
    func rowIDs(_ h: ConsoleHarness) -> [Int64] {
        (0..<h.alerts.queue.table.rowCount).compactMap { h.alerts.queue.window[$0]?.id }
    }

    @Test func defaultOrderIsUnacknowledgedCriticalFirstThenOldest() throws {
        let (h, s) = try AlertFixtures.harness()
        let ids = rowIDs(h)
        // Open criticals oldest first (the silenced fax one included, dimmed), then open
        // warnings/info, then acknowledged and snoozed; resolved ones are not in the queue.
        #expect(Array(ids.prefix(3)) == [s["fax"], s["api"], s["queue"]])
        #expect(!ids.contains(s["old"]))
        #expect(ids.contains(s["rbl"]) && ids.contains(s["snooze"]))
        #expect(h.text.contains("Alerts (2)"), "badge: open criticals, not silenced, not acknowledged")
    }

    @Test func ackWithSelectionAcksExactlyTheSelectedRows() throws {
        let (h, s) = try AlertFixtures.harness()
        let ids = rowIDs(h)
        h.press(.char(" "))            // select row 0, cursor moves to row 1
        h.press(.char("j"), .char(" ")) // select row 2
        #expect(h.alerts.marked == [ids[0], ids[2]])
        h.press(.char("a"))
        guard case .prompt(let p) = h.alerts.modal else { Issue.record("no ack prompt"); return }
        #expect(p.ids == [ids[0], ids[2]].sorted())
        h.type("on it")
        h.press(.enter)
        #expect(h.alerts.modal == .none)
        for id in ids {
            let a = try AlertFixtures.state(h, id)
            if id == ids[0] || id == ids[2] {
                #expect(a.state == .acknowledged && a.ackNote == "on it" && a.ackedBy == ConsoleHarness.operatorLogin)
            } else {
                #expect(a.state != .acknowledged || id == s["rbl"], "alert \(id) was not selected")
            }
        }
        #expect(h.alerts.marked.isEmpty)
        #expect(h.text.contains("Acknowledged 2 alerts."))
    }

    @Test func resolveWithoutSelectionActsOnTheCursorRowOnly() throws {
        let (h, _) = try AlertFixtures.harness()
        let ids = rowIDs(h)
        h.press(.char("j"), .char("r"), .enter)
        #expect(try AlertFixtures.state(h, ids[1]).state == .resolved)
        #expect(try AlertFixtures.state(h, ids[0]).state == .open)
        #expect(try AlertFixtures.state(h, ids[2]).state == .open)
        #expect(!rowIDs(h).contains(ids[1]), "a resolved alert leaves the active queue")
    }

    @Test func aRefusedActionShowsTheStoresSentenceAndChangesNothing() throws {
        let (h, s) = try AlertFixtures.harness()
        let before = try AlertFixtures.state(h, s["api"])
        AlertsPaneGoldenTests.select(s["api"], in: h)
        h.press(.char("p"), .enter)  // already at team platform's last level
        let screen = h.text
        #expect(screen.contains("is already at team platform's last level (2)."), "\(screen)")
        #expect(try AlertFixtures.state(h, s["api"]) == before)
    }

    @Test func aBulkActionIsAllOrNothing() throws {
        let (h, s) = try AlertFixtures.harness()
        AlertsPaneGoldenTests.select(s["queue"], in: h)
        h.press(.char(" "))
        AlertsPaneGoldenTests.select(s["rbl"], in: h)  // already acknowledged
        h.press(.char(" "))
        h.press(.char("a"), .enter)
        #expect(h.text.contains("already acknowledged"))
        #expect(h.env.status.message?.text.hasSuffix("Nothing was changed.") == true, "\(String(describing: h.env.status.message))")
        #expect(try AlertFixtures.state(h, s["queue"]).state == .open)
        #expect(h.alerts.marked == [s["queue"], s["rbl"]], "the selection is kept to fix and retry")
    }

    @Test func falsePositiveNeedsAReasonAndKeepsTheDialogOpen() throws {
        let (h, s) = try AlertFixtures.harness()
        AlertsPaneGoldenTests.select(s["cert"], in: h)
        h.press(.char("f"), .enter)
        guard case .prompt(let p) = h.alerts.modal else { Issue.record("the dialog closed"); return }
        #expect(p.error?.contains("needs a reason") == true)
        #expect(try AlertFixtures.state(h, s["cert"]).state == .open)
        h.type("cert auto-renews tonight")
        h.press(.enter)
        let a = try AlertFixtures.state(h, s["cert"])
        #expect(a.state == .closed && a.falsePositive && a.closeReason == "cert auto-renews tonight")
    }

    @Test func assignAndSnoozeGoThroughTheirPrompts() throws {
        let (h, s) = try AlertFixtures.harness()
        AlertsPaneGoldenTests.select(s["disk1"], in: h)
        h.press(.char("A"))
        #expect(h.text.contains("Assign alert \(s["disk1"])"))
        for _ in 0..<12 { h.press(.backspace) }
        h.type("nobody-here")
        h.press(.enter)
        #expect(h.text.contains("No staff account"), "unknown login refused")
        #expect(try AlertFixtures.state(h, s["disk1"]).assignee == nil)
        AlertsPaneGoldenTests.select(s["disk1"], in: h)
        h.press(.char("A"), .enter)  // prefilled with the operator's login
        #expect(try AlertFixtures.state(h, s["disk1"]).assignee == ConsoleHarness.operatorLogin)
        h.press(.char("z"))
        for _ in 0..<3 { h.press(.backspace) }
        h.type("2h")
        h.press(.enter)
        let a = try AlertFixtures.state(h, s["disk1"])
        #expect(a.state == .snoozed && a.snoozedUntil == h.clock.now().addingTimeInterval(7_200))
    }

    @Test func silenceDialogIsPrefilledFromLabelsAndNeedsAComment() throws {
        let (h, s) = try AlertFixtures.harness()
        AlertsPaneGoldenTests.select(s["disk1"], in: h)
        h.press(.char("s"))
        guard case .silence(let form) = h.alerts.modal else { Issue.record("no silence dialog"); return }
        #expect(form.matcherText == #"alertname="HostDiskFull", service="smtp-out", instance="mx1:9100""#)
        h.press(.enter)  // no comment
        guard case .silence(let refused) = h.alerts.modal else { Issue.record("the dialog closed without a comment"); return }
        #expect(refused.form.fields.last?.error != nil)
        // Drop the instance matcher: the silence covers the whole HostDiskFull group.
        h.press(.tab, .tab)
        for _ in 0..<20 { h.press(.backspace) }
        h.press(.tab, .tab, .tab)
        h.type("spool cleanup")
        h.press(.enter)
        #expect(h.alerts.modal == .none)
        for key in ["disk1", "disk2", "disk3"] { #expect(try AlertFixtures.state(h, s[key]).isSilenced) }
        #expect(h.text.contains("mutes 3 alerts"))
    }

    @Test func sortAndFilterKeysChangeTheQuery() throws {
        let (h, s) = try AlertFixtures.harness()
        h.press(.char("o"))
        #expect(h.alerts.query.sort == .severity)
        h.press(.char("o"), .char("o"))
        #expect(h.alerts.query.sort == .age)
        #expect(h.text.contains("AGE▲"))
        h.press(.char("O"))
        #expect(h.text.contains("AGE▼") && h.alerts.query.descending)
        h.press(.char("V"))
        #expect(h.alerts.query.severities == [.critical])
        #expect(rowIDs(h).allSatisfy { [s["fax"], s["api"], s["queue"], s["rbl"]].contains($0) })
        h.press(.char("i"))
        #expect(!rowIDs(h).contains(s["fax"]), "silenced hidden")
        h.press(.char("X"))
        #expect(h.alerts.query.severities.isEmpty && h.alerts.query.silenced == .include)
        h.press(.char("S"), .char("S"), .char("S"), .char("S"))  // active → open → acknowledged → snoozed → resolved
        #expect(rowIDs(h).contains(s["old"]))
        h.press(.char("X"), .char("m"))
        #expect(Set(rowIDs(h)) == [s["api"], s["rbl"]])
        h.press(.char("X"), .char("/"))
        h.type("spool")
        h.press(.enter)
        #expect(Set(rowIDs(h)) == [s["disk1"], s["disk2"], s["disk3"]])
    }

    @Test func aNewCriticalIsHighlightedForAFewSecondsAndRingsWhenTheBellIsOn() throws {
        let (h, _) = try AlertFixtures.harness()
        var rings = 0
        let pane = AlertsPane(env: h.env, bell: false) { rings += 1 }
        #expect(pane.refresh(force: true))
        let id = try AlertFixtures.upsert(h, "NodeDown", "dns", instance: "ns1:53", severity: .critical, minutesAgo: 0,
                                          summary: "ns1 unreachable", team: "sre")
        _ = pane.refresh(force: true)
        #expect(pane.highlightUntil != nil && rings == 0, "highlighted, bell off by default")
        _ = pane.perform(.alertBell)
        _ = try AlertFixtures.upsert(h, "NodeDown", "dns", instance: "ns2:53", severity: .critical, minutesAgo: 0,
                                     summary: "ns2 unreachable", team: "sre")
        _ = pane.refresh(force: true)
        #expect(rings == 1)
        guard let record = pane.queue.window.rows.first(where: { $0.id == id }) else { Issue.record("new row not loaded"); return }
        #expect(pane.isHighlighted(record))
        h.clock.advance(by: 2)
        #expect(!pane.refresh(force: false), "nothing to do while the highlight lasts")
        h.clock.advance(by: 4)
        #expect(pane.refresh(force: false), "the highlight ends with a new frame")
        #expect(!pane.isHighlighted(record))
        // A new warning neither highlights nor rings.
        _ = try AlertFixtures.upsert(h, "HostHighCPU", "dns", instance: "ns1:53", severity: .warning, minutesAgo: 0, summary: "cpu", team: "sre")
        _ = pane.refresh(force: true)
        #expect(rings == 1 && pane.highlightUntil == nil)
    }

    @Test func anIdleConsoleDoesNoWork() throws {
        let (h, _) = try AlertFixtures.harness()
        _ = h.app.refresh()
        #expect(!h.app.refresh(), "no store change, no highlight: no new frame")
        #expect(!h.alerts.refresh(force: false))
    }

    @Test func readOnlyRefusesActions() throws {
        let (h, s) = try AlertFixtures.harness(readOnly: true)
        let before = try AlertFixtures.state(h, s["fax"])
        h.press(.char("a"), .char("r"))
        #expect(h.alerts.modal == .none)
        #expect(try AlertFixtures.state(h, s["fax"]) == before)
        #expect(h.text.contains("Read-only console"))
    }

    @Test func groupRowsExpandAndBulkSelect() throws {
        let (h, s) = try AlertFixtures.harness()
        h.press(.char("t"))
        let keys = h.alerts.groupRows.compactMap { row -> String? in if case let .group(g, _) = row { return g.key } else { return nil } }
        #expect(keys.contains("HostDiskFull/smtp-out"))
        while true {
            if case let .group(g, _)? = h.alerts.currentRow, g.key == "HostDiskFull/smtp-out" { break }
            h.press(.down)
        }
        h.press(.enter)
        #expect(h.alerts.expanded == ["HostDiskFull/smtp-out"])
        #expect(h.text.contains("mx2"))
        h.press(.char(" "))
        #expect(h.alerts.marked == [s["disk1"], s["disk2"], s["disk3"]])
    }

    @Test func historyCountsStopAt10000UntilTheCursorNearsTheEndAndEndCountsThemAll() throws {
        let h = try ConsoleHarness(size: Size(width: 120, height: 40), readOnly: false, theme: .default, startPane: "health")
        _ = try h.store.seedAlertBenchmark(total: 12_500, active: 100, seed: 3, mine: ConsoleHarness.operatorLogin)
        var history = AlertQuery()
        history.states = [.resolved]
        let resolved = try h.store.alertCount(history, as: op)
        #expect(resolved > AppDatabase.alertCountLimit)
        h.app.switchTo("alerts")
        // State filter: active → open → acknowledged → snoozed → resolved.
        for _ in 0..<4 { h.press(.char("S")) }
        #expect(h.alerts.query.states == [.resolved])
        #expect(h.text.contains("10000+ alerts"), "history is counted up to 10,000")
        #expect(!h.alerts.countExact && h.alerts.queue.table.rowCount == AppDatabase.alertCountLimit)
        // End counts exactly and lands on the last row.
        h.press(.end)
        #expect(h.alerts.countExact && h.alerts.queue.table.rowCount == resolved)
        #expect(h.text.contains("\(resolved) alerts"))
        #expect(h.alerts.queue.table.selected == resolved - 1)
        #expect(h.alerts.queue.window[resolved - 1] != nil, "the last rows are loaded")
        // Back to the active queue: counted exactly from its index.
        h.press(.char("X"))
        let active = try h.store.alertCount(.default, as: op)
        #expect(h.alerts.countExact && h.alerts.queue.table.rowCount == active)
    }

    @Test func durations() {
        func parse(_ text: String) -> TimeInterval? { try? DurationText.parse(text, field: "duration") }
        #expect(parse("2h") == 7_200)
        #expect(parse("1h30m") == 5_400)
        #expect(parse("1d") == 86_400)
        #expect(parse("45") == 2_700)
        #expect(parse("soon") == nil)
        #expect(parse("") == nil)
        #expect(parse("0m") == nil)
        #expect(parse("999999999999w") == nil)
        #expect(parse("1e308s") == nil)
    }
}
