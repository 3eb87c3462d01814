import Foundation
@testable import OpsCore
import OpsStore
import Testing
@testable import OpsConsole
import TermUI
import _OpsTestSupport

/// The handoff report of a past shift (Enter on the timeline, after moving the cursor back
/// into the past) and the list's times in the schedule's own zone. The reports are written
/// by the store's real handoff sweep, run every 12 hours over the nine days before the
/// harness's pinned clock, with an alert whose summary carries terminal escapes.
@MainActor
@Suite("Schedules pane: handoff reports and zones")
struct SchedulesHandoffTests {
    static let op = ActorContext(osLogin: ConsoleHarness.operatorLogin)
    static let hostile = "Queue stuck \u{1B}[2J\u{1B}]0;pwned\u{07} on mx1\u{202E}evil"

    /// Fires the hostile alert eight days back and sweeps handoffs up to now (the clock ends
    /// where it started).
    static func sweep(_ h: ConsoleHarness) throws {
        let now = h.clock.now()
        h.clock.set(now.addingTimeInterval(-8 * 86_400))
        _ = try h.store.upsertAlert(AlertSignal(fingerprint: "handoff-hostile", rule: "Q", labels: ["alertname": "QueueStuck", "service": "mta"],
                                                severity: .critical, status: .firing, summary: hostile, at: h.clock.now(), team: "sre"))
        for step in stride(from: 9 * 86_400, through: 0, by: -12 * 3600) {
            h.clock.set(now.addingTimeInterval(-Double(step)))
            _ = try h.store.sweepOnCallHandoffs(at: h.clock.now())
        }
        h.clock.set(now)
    }

    /// The sre-primary timeline a week back, the cursor on the slot that held now then, and
    /// its report open.
    static func openPastReport(size: Size, theme: Theme = .default) throws -> (ConsoleHarness, SchedulesPane) {
        let (h, pane) = try SchedulesPaneGoldenTests.harness(size: size, theme: theme)
        try sweep(h)
        _ = pane.refresh(force: true)
        try SchedulesPaneGoldenTests.open("sre-primary", in: h, pane: pane)
        h.press(.char("["))
        h.press(.enter)
        return (h, pane)
    }

    @Test(arguments: SchedulesPaneGoldenTests.sizes)
    func handoffReportGolden(size: Size) throws {
        let (h, pane) = try Self.openPastReport(size: size)
        #expect(pane.handoff?.report != nil)
        assertSnapshot(h.frame(), named: "schedules-handoff-\(size.width)x\(size.height)", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test func handoffReportMono() throws {
        let (h, _) = try Self.openPastReport(size: Size(width: 120, height: 40), theme: Theme.default.monochrome())
        assertSnapshot(h.frame(), named: "schedules-handoff-mono-120x40", directory: ConsoleHarness.snapshotDirectory)
    }

    @Test("Enter on a past shift opens the report kept when it ended: the one the store holds for that instant, sanitised on screen, exact in the store")
    func pastShiftReport() throws {
        let (h, pane) = try Self.openPastReport(size: Size(width: 120, height: 40))
        let panel = try #require(pane.handoff)
        let report = try #require(panel.report)
        let segment = try #require(pane.cursorSegment)
        #expect(report.shiftStart <= segment.to && report.handoffAt > segment.from, "the report's shift overlaps the stretch under the cursor")
        #expect(report.handoffAt <= h.clock.now())
        #expect(report.outgoing == segment.login)
        // The same report as the CLI's list (pmops oncall handoff).
        let stored = try h.store.onCallHandoffs(schedule: "sre-primary", limit: 100, as: Self.op)
        #expect(stored.contains(report))
        // The alert's summary is kept exact; the report (also mailed) has its controls blanked.
        let alert = try #require(try h.store.alerts(limit: 1000).first { $0.fingerprint == "handoff-hostile" })
        #expect(alert.summary == Self.hostile, "kept exact in the store")
        #expect(report.body.contains("Queue stuck") && !report.body.contains("\u{1B}"))
        let text = h.text
        #expect(text.contains("Handoff report · sre-primary"))
        #expect(text.contains("Queue stuck"))
        #expect(!text.contains("\u{1B}") && !text.contains("\u{07}") && !text.contains("\u{202E}"), "sanitised on screen")
        #expect(pane.scopes == [.schedulesReport])
        // Scrolls, then Esc goes back to the same place on the timeline.
        let cursor = pane.cursor, first = pane.firstDay
        h.press(.pageDown)
        #expect(try #require(pane.handoff).detail.scroll > 0)
        h.press(.char("g"))
        #expect(try #require(pane.handoff).detail.scroll == 0)
        h.press(.escape)
        #expect(pane.handoff == nil && pane.cursor == cursor && pane.firstDay == first)
        #expect(pane.view == .timeline("sre-primary"))
    }

    @Test("a shift with no stored report says so; one still running says when its report is written")
    func noReport() throws {
        let (h, pane) = try SchedulesPaneTests.timeline()
        h.press(.enter)
        #expect(pane.handoff?.report == nil)
        #expect(h.text.contains("No report for this shift yet"), "the shift holding now has not ended")
        h.press(.escape)
        h.press(.char("["))
        h.press(.enter)
        #expect(pane.handoff?.report == nil, "no sweep ever ran in this store")
        #expect(h.text.contains("No report for this shift: none was kept when it ended"))
    }

    /// The bug: the list said "until" in the console's zone and the timeline in the
    /// schedule's, so one handoff read "Tue 01:00" in one and "Mon 20:00" in the other.
    @Test("the list's until and the timeline's stretch name the same handoff in the schedule's zone, with its abbreviation")
    func listAndTimelineAgree() throws {
        let (h, pane) = try SchedulesPaneGoldenTests.harness(size: Size(width: 120, height: 40))
        // Tokyo is nine hours from the console's UTC (and from the process's zone, whatever it is).
        try h.store.loadOnCallSchedules("""
            schedule tokyo team sre tz Asia/Tokyo
            layer days priority 1 every daily start 2026-01-01 handoff 09:00 people ajensen,khaddad
            """, file: "tokyo.conf", as: Self.op)
        _ = pane.refresh(force: true)
        h.frame()
        let row = try #require(pane.rows.first { $0.stored.schedule.name == "tokyo" })
        let until = try #require(row.now?.until)
        let zone = try #require(ZoneClock.shared("Asia/Tokyo"))
        let local = ScheduleTime.weekdayTimeZone(until, zone: zone)
        #expect(local.hasSuffix(" 09:00 JST"), "handoffs are at 09:00 Tokyo time: \(local)")
        #expect(local != h.env.weekdayTime(until) + " JST", "the console's own zone reads another time")
        let listLine = try #require(h.text.split(separator: "\n").first { $0.contains("tokyo ") })
        #expect(listLine.contains(local), "\(listLine)")
        try SchedulesPaneGoldenTests.open("tokyo", in: h, pane: pane)
        let slotLine = try #require(h.text.split(separator: "\n").first { $0.contains(" on call ") && $0.contains("→") })
        #expect(slotLine.contains("→ \(local)"), "\(slotLine)")
    }

    @Test("zone abbreviations come from the tz database, on both sides of DST; numeric names read as UTC offsets")
    func abbreviations() throws {
        let berlin = try #require(ZoneClock.shared("Europe/Berlin")), york = try #require(ZoneClock.shared("America/New_York"))
        #expect(berlin.abbreviation(at: 1_795_000_000) == "CET" && berlin.abbreviation(at: 1_784_000_000) == "CEST")
        #expect(york.abbreviation(at: 1_795_000_000) == "EST" && york.abbreviation(at: 1_784_000_000) == "EDT")
        // 2040 is past the transitions of a fat TZif file: the footer rule answers.
        #expect(berlin.abbreviation(at: 2_224_000_000) == "CEST")
        #expect(try #require(ZoneClock.shared("America/Sao_Paulo")).abbreviation(at: 1_795_000_000) == "UTC-03")
        #expect(try #require(ZoneClock.shared("Asia/Kolkata")).abbreviation(at: 1_795_000_000) == "IST")
        #expect(ZoneNames.abbreviation(nil, offset: 19_800) == "UTC+05:30")
        #expect(ZoneNames.rule("<+0530>-5:30").standard?.offset == 19_800)
        #expect(ZoneNames.rule("EST5EDT,M3.2.0,M11.1.0").standard?.offset == -18_000 && ZoneNames.rule("EST5EDT,M3.2.0,M11.1.0").daylight == "EDT")
        #expect(ZoneNames(identifier: "../../etc/passwd") == nil && ZoneNames(tzif: Array("not a tzif".utf8)) == nil)
    }
}
