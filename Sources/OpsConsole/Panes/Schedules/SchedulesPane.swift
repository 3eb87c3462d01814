import Foundation
import OpsCore
import OpsStore
import TermUI

/// On-call schedules: a list (team, who is on call now and until when, the next handoff,
/// gaps in the next 14 days) and, for one schedule, a 14-day timeline (a lane per layer,
/// the final lane with overrides and gaps, now and a slot cursor). Overrides are made and
/// removed through the same store calls as `pmops oncall override add|remove`.
///
/// Everything on screen is read in `refresh` (schedules, who is on call, overrides); the
/// timeline is rebuilt from that state when the view moves or the width changes, and
/// `render` only draws it.
@MainActor public final class SchedulesPane: Pane, ModalHost {
    public enum View: Equatable { case list, timeline(String) }

    /// One row of the list.
    struct Row: Equatable {
        var stored: StoredSchedule
        var now: OnCallNow?
        /// Stretches with nobody on call in the next 14 days.
        var gaps: [OnCallShift]
    }

    static let horizon: TimeInterval = 14 * 86_400
    /// Columns of the lane titles left of the timeline.
    static let laneTitleWidth = 10

    let env: ConsoleEnvironment
    public internal(set) var view: View = .list
    var list = PagedTable<Row>()
    var rows: [Row] = []
    var filterText = ""
    /// Every override of every schedule (running, to come and past), newest last.
    var overrides: [StoredOverride] = []
    var token: Int64 = -1
    /// The next handoff or the end of the cell holding now: the list and the timeline are
    /// read again then, even when nothing was written.
    var nextChange: Date?

    // Timeline
    /// The first local day shown; nil until the timeline opens (then today).
    var firstDay: CivilDate?
    /// The column of the cursor within the timeline.
    public internal(set) var cursor = 0
    var timeline: ScheduleTimeline?
    /// Columns the timeline may use (from `layout`).
    var timelineWidth = 60

    /// The handoff report of a shift (Enter on the timeline), over the timeline.
    var handoff: HandoffPanel?

    // Dialog
    public internal(set) var overrideForm: OverrideForm?

    public init(env: ConsoleEnvironment) { self.env = env }

    public var title: String { "Schedules" }

    public var scopes: [CommandScope] {
        if capturesText { return [.form] }
        if handoff != nil { return [.schedulesReport] }
        switch view {
        case .list: return [.schedulesList, .schedules, .list]
        case .timeline: return [.schedulesTimeline, .schedules]
        }
    }

    public var capturesText: Bool { overrideForm != nil || list.isFiltering }
    public var modalIsOpen: Bool { overrideForm != nil }

    public func layout(area: Rect) {
        list.layout(area: area)
        handoff?.detail.layout(area: area)
        let width = max(2, area.width - 3 - Self.laneTitleWidth)
        if width != timelineWidth {
            timelineWidth = width
            rebuildTimeline()
        }
    }

    // MARK: - Data

    var visible: [Row] {
        guard !filterText.isEmpty else { return rows }
        let needle = filterText.lowercased()
        return rows.filter { row in
            [row.stored.schedule.name, row.stored.schedule.team, row.now?.login ?? ""].contains { $0.lowercased().contains(needle) }
        }
    }

    public func refresh(force: Bool) -> Bool {
        let current = (try? env.store.changeToken()) ?? token
        let now = env.clock.now()
        // A handoff or the next cell changes the screen without any write to the store.
        let due = nextChange.map { now >= $0 } ?? false
        guard force || current != token || due else { return false }
        token = current
        guard let stored = env.attempt({ () throws(OpsError) in try env.store.onCallSchedules(as: env.actor) }),
              let nowRows = env.attempt({ () throws(OpsError) in try env.store.onCallNow(at: now, as: env.actor) }),
              let loaded = env.attempt({ () throws(OpsError) in try env.store.onCallOverrides(past: true, as: env.actor) }) else { return true }
        overrides = loaded
        rows = stored.map { s in
            let own = loaded.map(\.override).filter { $0.schedule == s.schedule.name }
            let gaps = (try? OnCallResolver(s.schedule, overrides: own))?.gaps(from: now, to: now.addingTimeInterval(Self.horizon)) ?? []
            return Row(stored: s, now: nowRows.first { $0.schedule == s.schedule.name }, gaps: gaps)
        }
        list.setRows(visible)
        if case let .timeline(name) = view, !rows.contains(where: { $0.stored.schedule.name == name }) { view = .list }
        rebuildTimeline()
        let cellEnd = timeline.flatMap { t in t.nowColumn.map { t.bounds[$0 + 1] } }
        nextChange = (rows.compactMap(\.now?.until) + [cellEnd].compactMap { $0 }).filter { $0 > now }.min()
        return true
    }

    // MARK: - Commands

    public func perform(_ command: CommandID) -> Bool {
        if modalIsOpen { return performModal(command) }
        if list.isFiltering {
            switch list.filterCommand(command) {
            case let .typed(text): filterText = text
            case .cleared: filterText = ""
            case .kept, .ignored: return true
            }
            list.setRows(visible, resetSelection: true)
            return true
        }
        if handoff != nil { return performHandoff(command) }
        if case .timeline = view { return performTimeline(command) }
        switch command {
        case .open:
            guard let row = list.selectedRow else { return true }
            openTimeline(row.stored.schedule.name)
        case .filter: list.beginFilter(filterText)
        case .scheduleOverride:
            guard let row = list.selectedRow else {
                env.status.show("No schedule under the cursor.", .info)
                return true
            }
            openOverrideForm(schedule: row.stored.schedule, at: env.clock.now())
        default:
            return list.move(command)
        }
        return true
    }

    public func handleText(_ key: Key) -> Bool {
        if modalIsOpen { return typeInModal(key) }
        guard let text = list.typeInFilter(key) else { return false }
        filterText = text
        list.setRows(visible, resetSelection: true)
        return true
    }

    public func handleMouse(_ event: MouseEvent) -> Bool {
        guard !modalIsOpen, view == .list, event.button == .left else { return false }
        return list.click(atPaneRow: event.y)
    }

    /// The schedule the timeline shows.
    var shownRow: Row? {
        guard case let .timeline(name) = view else { return nil }
        return rows.first { $0.stored.schedule.name == name }
    }

    // MARK: - The override dialog (ModalHost)

    func closeModal() { overrideForm = nil }

    func moveModalField(forward: Bool) {
        _ = overrideForm?.form.handle(forward ? .tab : .backTab)
    }

    func typeInModal(_ key: Key) -> Bool {
        guard var form = overrideForm else { return false }
        _ = form.form.handle(key)
        overrideForm = form
        return true
    }

    func submitModal() {
        guard var form = overrideForm else { return }
        guard let zone = ZoneClock.shared(form.zoneIdentifier) else { return closeModal() }
        do throws(OpsError) {
            let v = try form.values(zone: zone)
            let added = try env.store.addOnCallOverride(schedule: form.schedule, covering: v.covering, covered: v.covered,
                                                        start: v.start, end: v.end, as: env.actor)
            overrideForm = nil
            env.status.show("Override \(added.override.id): \(v.covering) covers \(v.covered) from \(ScheduleTime.dayTime(v.start, zone: zone)) to "
                + "\(ScheduleTime.dayTime(v.end, zone: zone))" + (added.flagged ? " (flagged: \(v.covered) has no shift then)." : "."), .success)
            _ = refresh(force: true)
        } catch {
            form.show(error)
            env.status.show(error)
            overrideForm = form
        }
    }
}
