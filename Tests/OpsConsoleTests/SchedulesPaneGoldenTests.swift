import Foundation
import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// Golden screens of the Schedules pane (the list and the 14-day timeline) at the three
/// sizes plus mono, on the demo schedules with the harness's pinned clock (UTC console; the
/// timeline is drawn in the schedule's zone), and a timeline across the spring-forward week
/// of America/New_York. `RECORD_SNAPSHOTS=1` rewrites them.
@MainActor
@Suite("Schedules pane goldens")
struct SchedulesPaneGoldenTests {
    nonisolated static let sizes = [Size(width: 80, height: 24), Size(width: 120, height: 40), Size(width: 200, height: 60)]
    static let op = ActorContext(osLogin: ConsoleHarness.operatorLogin)

    static func harness(size: Size, theme: Theme = .default) throws -> (ConsoleHarness, SchedulesPane) {
        let h = try ConsoleHarness(size: size, theme: theme, startPane: "schedules")
        let pane: SchedulesPane = try ConsoleHarness.pane("schedules", of: h.app)
        return (h, pane)
    }

    /// Puts the list's cursor on a schedule and opens its timeline.
    static func open(_ name: String, in h: ConsoleHarness, pane: SchedulesPane) throws {
        h.frame()
        let index = try #require(pane.rows.firstIndex { $0.stored.schedule.name == name })
        pane.list.select(index)
        h.press(.enter)
        #expect(pane.view == .timeline(name))
    }

    func check(_ name: String, size: Size, theme: Theme = .default, _ steps: (ConsoleHarness, SchedulesPane) throws -> Void) throws {
        let (h, pane) = try Self.harness(size: size, theme: theme)
        try steps(h, pane)
        assertSnapshot(h.frame(), named: "\(name)-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    /// A schedule with nobody on call outside business hours: its gaps are flagged.
    static func loadGappy(_ h: ConsoleHarness, _ pane: SchedulesPane) throws {
        try h.store.loadOnCallSchedules("""
            schedule office-hours team support tz Europe/Berlin
            layer days priority 1 every daily start 2026-01-01 handoff 09:00 people ajensen,khaddad restrict business-hours
            """, file: "gaps.conf", as: op)
        _ = pane.refresh(force: true)
    }

    @Test(arguments: sizes) func list(size: Size) throws {
        try check("schedules-list", size: size) { h, pane in
            try Self.loadGappy(h, pane)
            h.press(.char("j"))
        }
    }

    @Test func timelineWithGaps() throws {
        try check("schedules-timeline-gaps", size: Size(width: 120, height: 40)) { h, pane in
            try Self.loadGappy(h, pane)
            try Self.open("office-hours", in: h, pane: pane)
            h.press(.char("l"))
        }
    }

    @Test(arguments: sizes) func timeline(size: Size) throws {
        try check("schedules-timeline", size: size) { h, pane in try Self.open("sre-primary", in: h, pane: pane) }
    }

    @Test func listMono() throws {
        try check("schedules-list-mono", size: Size(width: 120, height: 40), theme: Theme.default.monochrome()) { h, pane in
            try Self.loadGappy(h, pane)
            h.press(.char("j"))
        }
    }

    @Test func timelineMono() throws {
        try check("schedules-timeline-mono", size: Size(width: 120, height: 40), theme: Theme.default.monochrome()) { h, pane in
            try Self.open("security", in: h, pane: pane)
            h.press(.char("l"), .char("l"))
        }
    }

    /// 2027-03-10 15:00 UTC: the 14 days hold the spring-forward night of 2027-03-14 in
    /// New York (the daily day layer's handoff stays at 09:00 local) and an override across it.
    @Test(arguments: [Size(width: 80, height: 24), Size(width: 200, height: 60)])
    func timelineAcrossDST(size: Size) throws {
        try check("schedules-timeline-dst", size: size) { h, pane in
            h.clock.set(Date(timeIntervalSince1970: 1_804_690_800))
            let zone = try #require(ZoneClock.shared("America/New_York"))
            let start = Date(timeIntervalSince1970: TimeInterval(zone.instant(try #require(CivilDate("2027-03-13")), minute: 20 * 60)))
            let end = Date(timeIntervalSince1970: TimeInterval(zone.instant(try #require(CivilDate("2027-03-14")), minute: 10 * 60)))
            let onCall = try #require(try h.store.onCallShifts(schedule: "sre-primary", from: start, to: end, as: Self.op).first?.login)
            let cover = try #require(try h.store.listStaff(StaffFilter(role: .ops), as: Self.op).map(\.login).sorted().first { $0 != onCall })
            try h.store.addOnCallOverride(schedule: "sre-primary", covering: cover, covered: onCall, start: start, end: end, as: Self.op)
            _ = pane.refresh(force: true)
            try Self.open("sre-primary", in: h, pane: pane)
            // The cursor on the override, in the spring-forward night.
            let t = try #require(pane.timeline)
            let middle = start.addingTimeInterval(7 * 3600)
            pane.cursor = try #require(t.bounds.lastIndex { $0 <= middle })
            #expect(pane.cursorSegment?.kind == .override)
        }
    }
}
