import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI

/// The Incidents pane's keys, each through the command table and the store: what the CLI
/// would record, with the same refusals.
@MainActor
@Suite("Incidents pane")
struct IncidentsPaneTests {
    let op = IncidentFixtures.op

    func entries(_ h: ConsoleHarness, _ n: IncidentNumber) throws -> [IncidentEntry] {
        try h.store.incidentEntries(n, offset: 0, limit: 10_000, as: op)
    }

    func incident(_ h: ConsoleHarness, _ n: IncidentNumber) throws -> Incident {
        guard case let .full(d) = try h.store.incident(n, as: op) else { throw OpsError.failure("restricted") }
        return d.incident
    }

    @Test func listPutsActiveFirstAndMarksOverdueUpdates() throws {
        let (h, pane, s) = try IncidentFixtures.harness()
        let order = (0..<pane.list.rowCount).compactMap { pane.list.window[$0]?.number }
        #expect(order.first == s.outage)
        #expect(order.last == s.deployment)
        let text = h.text
        #expect(text.contains("Outbound mail delayed: mx3 blacklisted"))
        // The SEV-3 was declared 6 h ago; its cadence is 4 h.
        let overdueLine = text.split(separator: "\n").first { $0.contains(s.overdue.description) } ?? ""
        #expect(overdueLine.contains("6h!"))
    }

    @Test func noteIsOneKeystrokeAndKeptExactly() throws {
        let (h, pane, s) = try IncidentFixtures.harness()
        IncidentFixtures.select(s.outage, in: h, pane: pane)
        h.press(.enter, .char("c"))
        #expect(pane.prompt?.kind == .note)
        h.type("mx3 delisted")
        h.press(.enter)
        h.type("<b>traffic</b> back")
        h.press(.ctrl("d"))
        #expect(pane.prompt == nil)
        let last = try entries(h, s.outage).last
        #expect(last?.kind == .note)
        #expect(last?.body == "mx3 delisted\n<b>traffic</b> back")
        #expect(pane.timeline.selectedRow?.id != nil)
    }

    @Test func invalidStatusNamesTheAllowedMoves() throws {
        let (h, pane, s) = try IncidentFixtures.harness()
        IncidentFixtures.select(s.outage, in: h, pane: pane)
        h.press(.char(">"))
        #expect(pane.prompt?.options == ["investigating", "monitoring", "resolved"])
        h.type("closed")
        h.press(.enter)
        let error = pane.prompt?.error ?? ""
        #expect(error.contains("cannot go from identified to closed"))
        #expect(error.contains("investigating, monitoring, resolved"))
        #expect(try incident(h, s.outage).status == .identified)
        h.press(.escape)
        h.press(.char(">"))
        h.type("resolved")
        h.press(.enter)
        #expect(pane.prompt == nil)
        #expect(try incident(h, s.outage).status == .resolved)
    }

    @Test func severityRoleLinkAndUnlink() throws {
        let (h, pane, s) = try IncidentFixtures.harness()
        IncidentFixtures.select(s.overdue, in: h, pane: pane)
        h.press(.enter, .char("="))
        h.type("SEV-2")
        h.press(.enter)
        #expect(try incident(h, s.overdue).severity == .sev2)
        let scribe = try IncidentFixtures.login(h, .ops)
        h.press(.char("R"))
        h.type("scribe \(scribe)")
        h.press(.enter)
        guard case let .full(d) = try h.store.incident(s.overdue, as: op) else { throw OpsError.failure("restricted") }
        #expect(d.roles[.scribe] == scribe)
        h.press(.char("&"))
        h.type("\(s.alert)")
        h.press(.enter)
        #expect(pane.reading?.alerts == [s.alert])
        h.press(.char("-"))
        h.type("\(s.alert)")
        h.press(.enter)
        #expect(pane.reading?.alerts == [])
        h.press(.char("&"))
        h.type("nonsense")
        h.press(.enter)
        #expect(pane.prompt?.error?.contains("neither an alert number nor a ticket") == true)
    }

    @Test func pinTheEntryUnderTheCursor() throws {
        let (h, pane, s) = try IncidentFixtures.harness()
        IncidentFixtures.select(s.outage, in: h, pane: pane)
        h.press(.enter)
        let latest = try #require(pane.timeline.selectedRow)
        #expect(!latest.pinned)
        h.press(.char("#"))
        #expect(try entries(h, s.outage).first { $0.id == latest.id }?.pinned == true)
        #expect(h.text.contains("★"))
    }

    @Test func checklistAndEvidence() throws {
        let (h, pane, s) = try IncidentFixtures.harness()
        IncidentFixtures.select(s.security, in: h, pane: pane)
        h.press(.enter, .char("."))
        let first = try #require(pane.prompt?.options.first)
        h.press(.enter)
        guard case let .full(d) = try h.store.incident(s.security, as: op) else { throw OpsError.failure("restricted") }
        #expect(d.checklist.first { $0.item.rawValue == first }?.doneBy == ConsoleHarness.operatorLogin)
        h.press(.char("@"))
        h.type("GitHub secret scanning alert 7781 for key pm_live_…")
        h.press(.enter)
        #expect(try h.store.verifyIncidentEvidence(s.security, as: op).count == 1)
    }

    @Test func postmortemViewAndSectionEdit() throws {
        let (h, pane, s) = try IncidentFixtures.harness()
        IncidentFixtures.select(s.deployment, in: h, pane: pane)
        h.press(.char("H"))
        #expect(pane.view == .postmortem)
        #expect(h.text.contains("Roll back to 2026.12.3."))
        h.press(.char("e"))
        h.type("went-wrong")
        h.press(.enter)
        h.type("The canary gate did not check pool settings.")
        h.press(.ctrl("d"))
        guard case let .full(d) = try h.store.incident(s.deployment, as: op) else { throw OpsError.failure("restricted") }
        #expect(d.postmortem?.sections[.wentWrong] == "The canary gate did not check pool settings.")
        h.press(.escape)
        #expect(pane.view == .timeline)
    }

    @Test func readonlyRoleSeesButIsRefusedWithOneLine() throws {
        let (h, pane, s) = try IncidentFixtures.harness(role: .support)
        IncidentFixtures.select(s.outage, in: h, pane: pane)
        h.press(.enter)
        #expect(h.text.contains("Queue depth 48k on mx3"))
        h.press(.char("c"))
        #expect(pane.prompt == nil)
        #expect(h.env.status.message?.text.contains("incidents.manage") == true)
    }

    @Test func restrictedIncidentShowsItsLabelOnly() throws {
        let (h, pane, s) = try IncidentFixtures.harness(role: .ops)
        IncidentFixtures.select(s.security, in: h, pane: pane)
        #expect(pane.list.selectedRow?.isRestricted == true)
        #expect(!h.text.contains("leaked"))
        h.press(.enter)
        #expect(h.text.contains("restricted incident \(s.security)"))
        #expect(!h.text.contains("acme"))
        #expect(pane.reading == nil)
        h.press(.escape, .char("c"))
        #expect(pane.prompt == nil)
    }

    @Test func longTimelineLoadsTheVisibleWindowOnly() throws {
        let (h, pane, s) = try IncidentFixtures.harness()
        for i in 0..<600 { try h.store.noteIncident(s.overdue, body: "tick \(i)", as: op) }
        IncidentFixtures.select(s.overdue, in: h, pane: pane)
        h.press(.enter)
        #expect(pane.timeline.rowCount > 600)
        #expect(pane.timeline.window.rows.count < 200)
        #expect(h.text.contains("tick 599"))
        h.press(.home)
        #expect(h.text.contains("declared"))
        #expect(pane.timeline.window.rows.count < 200)
    }

    @Test func declareFromSelectedAlertsMarksThemAndBannersHealth() throws {
        let (h, _, s) = try IncidentFixtures.harness()
        _ = try h.store.setIncidentStatus(s.outage, to: .resolved, as: op)
        h.app.switchTo("health")
        _ = h.app.refresh(force: true)
        #expect(h.text.contains("SEV-2 \(s.security) open 2h"))
        h.app.switchTo("alerts")
        _ = h.app.refresh(force: true)
        h.frame()
        #expect(h.text.contains("[\(s.outage)] mx3 listed on Spamhaus"))
        h.press(.char(" "), .char("D"))
        guard case let .declare(form) = h.alerts.modal else { throw OpsError.failure("no declare form") }
        #expect(form.alertIDs == [s.alert])
        #expect(form.form.fields[0].text == "mx3 listed on Spamhaus")
        #expect(form.form.fields[2].text == "SEV-2")
        h.press(.enter)
        #expect(h.alerts.modal == .none)
        let newest = try h.store.incidents(IncidentFilter(), as: op).map(\.number).max()
        let number = try #require(newest)
        guard case let .full(d) = try h.store.incident(number, as: op) else { throw OpsError.failure("restricted") }
        #expect(d.alerts == [s.alert])
        #expect(d.roles[.commander] == ConsoleHarness.operatorLogin)
        h.app.switchTo("health")
        _ = h.app.refresh(force: true)
        #expect(h.text.contains("SEV-2"))
    }
}
