import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI

/// The Incidents pane's later keys through the command table and the store: Enter reads a
/// multi-line entry whole (sanitised on screen, exact in the store), `n` declares from
/// nothing and adds an action item, `.` marks one done; refusals stay in the dialog.
@MainActor
@Suite("Incidents pane: entry, declare, action items")
struct IncidentsPaneFormsTests {
    let op = IncidentFixtures.op

    func detail(_ h: ConsoleHarness, _ n: IncidentNumber) throws -> IncidentDetail {
        guard case let .full(d) = try h.store.incident(n, as: op) else { throw OpsError.failure("restricted") }
        return d
    }

    /// The outage's timeline with the cursor on its two-line hostile note.
    func onNote(_ h: ConsoleHarness, _ pane: IncidentsPane, _ s: IncidentFixtures.Seeded) {
        IncidentFixtures.select(s.outage, in: h, pane: pane)
        h.press(.enter)
        for _ in 0..<20 where pane.timeline.selectedRow?.body.contains("\n") != true { h.press(.up) }
    }

    @Test func enterReadsTheWholeEntrySanitisedAndEscGoesBack() throws {
        let (h, pane, s) = try IncidentFixtures.harness()
        onNote(h, pane, s)
        let row = try #require(pane.timeline.selectedRow)
        #expect(row.body.contains("\n"))
        #expect(!h.text.contains("ticket SPH-2231"), "the timeline row shows the first line only")
        h.press(.enter)
        #expect(pane.view == .entry)
        let text = h.text
        #expect(text.contains("ticket SPH-2231 at Spamhaus"))
        #expect(text.contains("Delisting asked"))
        #expect(!text.contains("\u{1b}"), "escape codes are shown as text, never sent")
        h.press(.escape)
        #expect(pane.view == .timeline)
        #expect(pane.timeline.selectedRow?.id == row.id)
        h.press(.escape)
        #expect(pane.view == .list)
    }

    @Test func aLongEntryScrolls() throws {
        let (h, pane, s) = try IncidentFixtures.harness(size: Size(width: 80, height: 24))
        IncidentFixtures.select(s.outage, in: h, pane: pane)
        h.press(.enter)
        try h.store.noteIncident(s.outage, body: (1...60).map { "line \($0) of the log" }.joined(separator: "\n"), as: op)
        _ = pane.refresh(force: true)
        h.press(.char("G"), .enter)
        #expect(h.text.contains("line 1 of the log"))
        #expect(!h.text.contains("line 60 of the log"))
        h.press(.pageDown, .pageDown, .pageDown, .pageDown)
        #expect(h.text.contains("line 60 of the log"))
        #expect(!h.text.contains("line 1 of the log"))
        h.press(.char("g"))
        #expect(h.text.contains("line 1 of the log"))
    }

    @Test func nDeclaresFromNothingWithTheActorAsCommander() throws {
        let (h, pane, _) = try IncidentFixtures.harness()
        let before = try h.store.incidentCount(IncidentFilter(statuses: Set(IncidentStatus.allCases)), as: op)
        h.press(.char("n"))
        guard case let .declare(d)? = pane.form else { Issue.record("no declare form"); return }
        #expect(d.form.fields[3].text == ConsoleHarness.operatorLogin)
        #expect(d.alertIDs.isEmpty)
        h.press(.enter)
        #expect(pane.form != nil, "an empty title is refused in the form")
        guard case let .declare(refused)? = pane.form else { return }
        #expect(refused.form.fields[0].error != nil)
        h.type("Customer portal <b>down</b>")
        h.press(.tab)
        h.press(.ctrl("u"))
        h.type("data")
        h.press(.tab)
        h.press(.ctrl("u"))
        h.type("SEV-2")
        h.press(.enter)
        #expect(pane.form == nil)
        #expect(try h.store.incidentCount(IncidentFilter(statuses: Set(IncidentStatus.allCases)), as: op) == before + 1)
        let number = try #require(pane.number)
        let d2 = try detail(h, number)
        #expect(d2.incident.title == "Customer portal <b>down</b>")
        #expect(d2.incident.category == .data && d2.incident.severity == .sev2 && d2.incident.source == "manual")
        #expect(d2.roles[.commander] == ConsoleHarness.operatorLogin)
        #expect(pane.view == .timeline)
    }

    @Test func actionItemsAreAddedAndTickedFromThePostmortem() throws {
        let (h, pane, s) = try IncidentFixtures.harness()
        IncidentFixtures.select(s.deployment, in: h, pane: pane)
        h.press(.char("H"))
        #expect(pane.view == .postmortem)
        let owner = try IncidentFixtures.login(h, .ops)
        h.press(.char("n"))
        guard case .action? = pane.form else { Issue.record("no action form"); return }
        h.type("Alert on pool exhaustion")
        h.press(.tab, .ctrl("u"))
        h.type(owner)
        h.press(.tab, .ctrl("u"))
        h.type("soon")
        h.press(.enter)
        guard case let .action(refused)? = pane.form else { Issue.record("a bad due date was accepted"); return }
        #expect(refused.form.fields[2].error != nil)
        h.press(.ctrl("u"))
        h.type("7d")
        h.press(.enter)
        #expect(pane.form == nil)
        var items = try detail(h, s.deployment).actionItems
        #expect(items.map(\.title) == ["Check pool settings in the canary gate", "Alert on pool exhaustion"])
        #expect(items.last?.owner == owner)
        #expect(h.text.contains("Alert on pool exhaustion"))

        h.press(.char("."))
        #expect(pane.prompt?.kind == .actionDone)
        #expect(pane.prompt?.options == items.map { "A\($0.id)" })
        h.press(.enter)
        items = try detail(h, s.deployment).actionItems
        #expect(items.first?.doneAt != nil && items.last?.doneAt == nil)
        h.press(.char("."))
        #expect(pane.prompt?.options == ["A\(items[1].id)"])
        h.press(.ctrl("u"))
        h.type("A\(items[0].id)")
        h.press(.enter)
        #expect(pane.prompt?.error?.contains("already done") == true)
    }

    @Test func readonlyCannotDeclareOrAddActionItems() throws {
        let (h, pane, s) = try IncidentFixtures.harness(role: .readonly)
        h.press(.char("n"))
        #expect(pane.form == nil)
        #expect(h.text.contains("needs incidents.manage"))
        IncidentFixtures.select(s.deployment, in: h, pane: pane)
        h.press(.char("H"), .char("n"))
        #expect(pane.form == nil)
        h.press(.char("."))
        #expect(pane.prompt == nil)
    }
}
