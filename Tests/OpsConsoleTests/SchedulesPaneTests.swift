import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// The Schedules pane's keys and its override dialog on the demo schedules, pinned clock:
/// the timeline moves by slot, day and week and comes back to now; bad input in the dialog
/// is refused in place with nothing saved; a good override is saved with its audit row, shows
/// on the final lane, and `x` (after y) removes it.
@MainActor
@Suite("Schedules pane")
struct SchedulesPaneTests {
    static let op = ActorContext(osLogin: ConsoleHarness.operatorLogin)

    static func timeline(_ name: String = "sre-primary", size: Size = Size(width: 120, height: 40)) throws -> (ConsoleHarness, SchedulesPane) {
        let (h, pane) = try SchedulesPaneGoldenTests.harness(size: size)
        try SchedulesPaneGoldenTests.open(name, in: h, pane: pane)
        return (h, pane)
    }

    /// Focuses a dialog field, clears it and types `text`.
    static func set(_ index: Int, _ text: String, in h: ConsoleHarness, pane: SchedulesPane) {
        for _ in 0..<4 where pane.overrideForm?.form.focus != index { h.press(.tab) }
        for _ in 0..<20 { h.press(.backspace) }
        h.type(text)
    }

    @Test("←/→ move a slot, ↑/↓ a day, ]/[ a week, g comes back to now")
    func timelineKeys() throws {
        let (h, pane) = try Self.timeline()
        let t0 = try #require(pane.timeline)
        let today = try #require(pane.firstDay)
        #expect(t0.days == 14)
        #expect(pane.cursor == t0.nowColumn)
        #expect(h.text.contains("▼"))
        let start = pane.cursor
        h.press(.char("l"))
        #expect(pane.cursor == start + 1)
        h.press(.left, .left)
        #expect(pane.cursor == start - 1)
        h.press(.char("j"))
        #expect(pane.firstDay == CivilDate(days: today.days + 1))
        h.press(.char("]"))
        #expect(pane.firstDay == CivilDate(days: today.days + 8))
        #expect(pane.timeline?.nowColumn == nil, "now is outside the view a week ahead")
        h.press(.pageUp, .char("k"))
        #expect(pane.firstDay == today)
        h.press(.char("]"), .char("g"))
        #expect(pane.firstDay == today)
        #expect(pane.cursor == t0.nowColumn)
        // Left past the first slot scrolls a day back.
        for _ in 0...pane.cursor { h.press(.left) }
        #expect(pane.firstDay == CivilDate(days: today.days - 1))
        h.press(.escape)
        #expect(pane.view == .list)
    }

    @Test("the list names who is on call now and flags no gap in the demo schedules")
    func listRows() throws {
        let (h, pane) = try SchedulesPaneGoldenTests.harness(size: Size(width: 120, height: 40))
        let text = h.text
        let now = try h.store.onCallNow(as: Self.op)
        #expect(pane.rows.map(\.stored.schedule.name) == ["deliverability", "security", "sre-primary", "sre-secondary"])
        for row in now { #expect(text.contains(try #require(row.login)), "\(row.schedule): \(text)") }
        #expect(pane.rows.allSatisfy { $0.gaps.isEmpty })
    }

    @Test("at a handoff the list reads again without any write: the next person is on call")
    func handoffWithoutWrites() throws {
        let (h, pane) = try SchedulesPaneGoldenTests.harness(size: Size(width: 120, height: 40))
        let row = try #require(pane.rows.first { $0.stored.schedule.name == "sre-primary" })
        let until = try #require(row.now?.until)
        #expect(pane.refresh(force: false) == false, "nothing due yet")
        h.clock.set(until.addingTimeInterval(1))
        #expect(pane.refresh(force: false))
        let after = try #require(pane.rows.first { $0.stored.schedule.name == "sre-primary" })
        #expect(after.now?.login == row.now?.next)
    }

    /// (field index, text, the field that must show an error)
    nonisolated static let badInput: [(Int, String, Int)] = [
        (OverrideForm.from, "tomorrow", OverrideForm.from),
        (OverrideForm.to, "2026-13-01 09:00", OverrideForm.to),
        (OverrideForm.to, "2026-11-01 09:00", OverrideForm.to),
        (OverrideForm.covered, "", OverrideForm.covered),
        (OverrideForm.covered, "operator", OverrideForm.covering),
    ]

    @Test("bad input is refused in place: the field says why, the dialog stays, nothing is saved", arguments: badInput)
    func badOverride(field: Int, text: String, errorField: Int) throws {
        let (h, pane) = try Self.timeline()
        let before = try h.store.onCallOverrides(past: true, as: Self.op)
        let token = try h.store.changeToken()
        h.press(.char("n"))
        #expect(pane.overrideForm != nil)
        Self.set(field, text, in: h, pane: pane)
        h.press(.enter)
        let form = try #require(pane.overrideForm, "the dialog closed on bad input")
        let error = try #require(form.form.fields[errorField].error, "\(form)")
        #expect(!error.isEmpty && error.hasSuffix("."), "one sentence: \(error)")
        #expect(try h.store.onCallOverrides(past: true, as: Self.op) == before)
        #expect(try h.store.changeToken() == token, "no audit row")
    }

    @Test("an unknown login is refused by the store with one sentence on the dialog's last line")
    func unknownLogin() throws {
        let (h, pane) = try Self.timeline()
        let before = try h.store.onCallOverrides(past: true, as: Self.op)
        h.press(.char("n"))
        Self.set(OverrideForm.covering, "nobody-here", in: h, pane: pane)
        h.press(.enter)
        let form = try #require(pane.overrideForm)
        #expect(form.error?.contains("nobody-here") == true, "\(form)")
        #expect(h.text.contains("! No staff account"))
        #expect(try h.store.onCallOverrides(past: true, as: Self.op) == before)
    }

    @Test("n then Enter: you cover whoever holds the slot, audited; the final lane shows it; x then y removes it")
    func createAndRemove() throws {
        let (h, pane) = try Self.timeline()
        // Tomorrow, same time: whoever is on call then is covered.
        h.press(.char("j"))
        let slot = try #require(pane.cursorSlot)
        let holder = try #require(try h.store.onCallShifts(schedule: "sre-primary", from: slot.start, to: slot.start + 1, as: Self.op).first?.login)
        let covering = holder == ConsoleHarness.operatorLogin
            ? try #require(try h.store.listStaff(StaffFilter(role: .ops), as: Self.op).map(\.login).sorted().first { $0 != holder })
            : ConsoleHarness.operatorLogin
        let token = try h.store.changeToken()
        h.press(.char("n"))
        let form = try #require(pane.overrideForm)
        #expect(form.text(OverrideForm.covered) == holder)
        if covering != ConsoleHarness.operatorLogin { Self.set(OverrideForm.covering, covering, in: h, pane: pane) }
        h.press(.enter)
        #expect(pane.overrideForm == nil, "\(String(describing: pane.overrideForm))")
        let added = try #require(try h.store.onCallOverrides(schedule: "sre-primary", as: Self.op).first { $0.override.covering == covering && $0.override.covered == holder })
        #expect(added.override.createdBy == ConsoleHarness.operatorLogin)
        #expect(try h.store.changeToken() > token, "an audit row")
        #expect(pane.cursorSegment?.kind == .override)
        #expect(pane.cursorSegment?.overrideID == added.override.id)
        #expect(h.text.contains("▏*"))
        h.press(.char("x"))
        #expect(h.text.contains("y"), "asks first")
        h.press(.char("y"))
        #expect(try h.store.onCallOverrides(schedule: "sre-primary", as: Self.op).contains { $0.override.id == added.override.id } == false)
        #expect(pane.cursorSegment?.overrideID != added.override.id)
        #expect(h.text.contains("Override \(added.override.id) removed."))
    }

    @Test("an ops engineer (team sre) cannot make an override between two people of the security schedule: the core refuses")
    func permissionInTheCore() throws {
        let h = try ConsoleHarness(role: .ops, startPane: "schedules")
        let pane: SchedulesPane = try ConsoleHarness.pane("schedules", of: h.app)
        try SchedulesPaneGoldenTests.open("security", in: h, pane: pane)
        let me = h.env.actor.effectiveLogin
        let others = try h.store.listStaff(StaffFilter(role: .security), as: Self.op).map(\.login).filter { $0 != me }.sorted()
        let before = try h.store.onCallOverrides(past: true, as: Self.op)
        h.press(.char("n"))
        Self.set(OverrideForm.covering, others[0], in: h, pane: pane)
        Self.set(OverrideForm.covered, others[1], in: h, pane: pane)
        h.press(.enter)
        let form = try #require(pane.overrideForm)
        #expect(form.error?.hasPrefix("Permission denied") == true, "\(form)")
        #expect(try h.store.onCallOverrides(past: true, as: Self.op) == before)
    }
}
