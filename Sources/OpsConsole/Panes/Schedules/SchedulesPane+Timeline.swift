import Foundation
import OpsCore
import OpsStore
import TermUI

extension SchedulesPane {
    /// Opens a schedule's timeline on today, with the cursor on now.
    func openTimeline(_ name: String) {
        view = .timeline(name)
        firstDay = nil
        rebuildTimeline()
        cursor = timeline?.nowColumn ?? 0
    }

    var zone: ZoneClock? { shownRow.flatMap { ZoneClock.shared($0.stored.schedule.timeZone) } }

    /// Rebuilds the timeline from the loaded schedule and overrides for the current first
    /// day and width (no store read).
    func rebuildTimeline() {
        guard let row = shownRow, let zone else {
            timeline = nil
            return
        }
        let today = ScheduleTime.local(env.clock.now(), zone: zone).day
        let first = firstDay ?? today
        firstDay = first
        let fit = ScheduleTimeline.fit(width: timelineWidth)
        let own = overrides.map(\.override).filter { $0.schedule == row.stored.schedule.name }
        timeline = env.attempt { () throws(OpsError) in
            try ScheduleTimeline.build(row.stored.schedule, overrides: own, zone: zone, firstDay: first, days: fit.days,
                                       cellsPerDay: fit.cells, now: env.clock.now())
        }
        if let timeline { cursor = min(max(0, cursor), timeline.columns - 1) }
    }

    func performTimeline(_ command: CommandID) -> Bool {
        guard let timeline else { return command == .back ? closeTimeline() : false }
        switch command {
        case .back: return closeTimeline()
        case .moveLeft: moveCursor(by: -1)
        case .moveRight: moveCursor(by: 1)
        case .moveUp: scroll(days: -1)
        case .moveDown: scroll(days: 1)
        case .pageUp: scroll(days: -7)
        case .pageDown: scroll(days: 7)
        case .first:
            firstDay = nil
            rebuildTimeline()
            cursor = self.timeline?.nowColumn ?? 0
        case .scheduleOverride:
            guard let row = shownRow, cursor < timeline.bounds.count - 1 else { return true }
            openOverrideForm(schedule: row.stored.schedule, at: timeline.bounds[cursor])
        case .scheduleRemoveOverride: removeOverrideUnderCursor()
        case .open: openHandoffReport()
        default: return false
        }
        return true
    }

    func closeTimeline() -> Bool {
        view = .list
        handoff = nil
        timeline = nil
        return true
    }

    /// One slot; past an edge the view scrolls a day and the cursor stays at the edge.
    func moveCursor(by delta: Int) {
        guard let timeline else { return }
        let target = cursor + delta
        if target < 0 {
            scroll(days: -1)
            cursor = timeline.cellsPerDay - 1
        } else if target >= timeline.columns {
            scroll(days: 1)
            cursor = timeline.columns - timeline.cellsPerDay
        } else {
            cursor = target
        }
    }

    /// Moves the first day (the cursor keeps its place on screen).
    func scroll(days: Int) {
        guard let first = firstDay else { return }
        firstDay = CivilDate(days: first.days + Int64(days))
        rebuildTimeline()
    }

    /// The final lane's segment under the cursor.
    var cursorSegment: ScheduleTimeline.Segment? { timeline?.final?.segment(at: cursor) }

    /// The slot under the cursor: its start and end.
    var cursorSlot: (start: Date, end: Date)? {
        guard let timeline, cursor + 1 < timeline.bounds.count else { return nil }
        return (timeline.bounds[cursor], timeline.bounds[cursor + 1])
    }

    /// Prefills the dialog from the final schedule at `date`: the actor covers whoever is
    /// on call then, for the rest of that stretch (from `date`, or now when it is later).
    func openOverrideForm(schedule: OnCallSchedule, at date: Date) {
        guard let zone = ZoneClock.shared(schedule.timeZone) else { return }
        let now = env.clock.now()
        let start = max(date, now)
        let own = overrides.map(\.override).filter { $0.schedule == schedule.name }
        let shift = (try? OnCallResolver(schedule, overrides: own, zone: zone))?
            .shifts(from: start, to: start.addingTimeInterval(8 * 86_400)).first
        var end = shift?.end ?? start.addingTimeInterval(8 * 3600)
        if end.timeIntervalSince(start) > 7 * 86_400 { end = start.addingTimeInterval(7 * 86_400) }
        let me = env.actor.effectiveLogin
        var covered = shift?.covering ?? shift?.login ?? ""
        if covered == me { covered = "" }
        overrideForm = OverrideForm(schedule: schedule.name, zone: zone, covering: me, covered: covered,
                                    start: Date(timeIntervalSince1970: (start.timeIntervalSince1970 / 60).rounded(.down) * 60), end: end)
    }

    /// Removes the override under the cursor (the shell asked y/n first).
    func removeOverrideUnderCursor() {
        guard let id = cursorSegment?.overrideID else {
            env.status.show("No override under the cursor; move it onto a bar marked * to remove that override.", .info)
            return
        }
        guard env.attempt({ () throws(OpsError) in try env.store.removeOnCallOverride(id: id, as: env.actor) }) != nil else { return }
        env.status.show("Override \(id) removed.", .success)
        _ = refresh(force: true)
    }
}
