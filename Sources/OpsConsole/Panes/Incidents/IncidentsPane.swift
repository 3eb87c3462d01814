import Foundation
import OpsCore
import OpsStore
import TermUI

/// Incidents, from declaration to postmortem: the list (active first, overdue updates in
/// red), one incident's header strip and timeline, and its postmortem. Built on the kit:
/// the list and the timeline are both paged tables, so a 50,000-incident list or a
/// 10,000-entry timeline costs what a screen does. Every action is one store call, the
/// same the CLI makes (its own transaction with its audit row).
@MainActor public final class IncidentsPane: Pane, ModalHost {
    enum View: Equatable { case list, timeline, postmortem, entry }

    let env: ConsoleEnvironment
    var list = PagedTable<IncidentListRow>()
    var filter = IncidentFilter()
    /// Index into `statusChoices`.
    var statusChoice = 0
    var view = View.list
    /// The incident open (timeline or postmortem), nil in the list.
    var number: IncidentNumber?
    /// Its detail without the timeline; nil while it is restricted to the reader.
    var reading: IncidentDetail?
    var restricted = false
    var timeline = PagedTable<IncidentEntry>(rowsAbove: 1)
    var postmortem = DetailView()
    /// The pinned entries, read when the postmortem opens.
    var pinned: [IncidentEntry] = []
    var prompt: IncidentPrompt?
    /// A multi-field dialog (declare, action item); never open together with `prompt`.
    var form: IncidentForm?
    /// The entry read whole (`View.entry`).
    var entry: IncidentEntry?
    var entryView = DetailView()
    var token: Int64 = -1

    /// Rows the header strip takes above the timeline table (inside the box).
    static let stripRows = 4

    /// The status filter's cycle: nil statuses means the open ones (active and awaiting a postmortem).
    static let statusChoices: [(title: String, statuses: Set<IncidentStatus>?)] =
        [("open", nil)] + IncidentStatus.allCases.map { ($0.rawValue, [$0]) } + [("all", Set(IncidentStatus.allCases))]

    public init(env: ConsoleEnvironment) { self.env = env }

    public var title: String { "Incidents" }
    public var scopes: [CommandScope] {
        if let prompt { return prompt.kind.isCompose ? [.compose] : [.form] }
        if form != nil { return [.form] }
        switch view {
        case .list: return [.incidentsList, .incidents, .incidentsMove]
        case .timeline: return restricted ? [] : [.incidentsTimeline, .incidents, .incidentsMove]
        case .postmortem: return [.incidentsPostmortem, .incidents]
        case .entry: return [.incidentsEntry]
        }
    }
    public var capturesText: Bool { modalIsOpen }
    public var modalIsOpen: Bool { prompt != nil || form != nil }

    public func layout(area: Rect) {
        list.layout(area: area)
        timeline.layout(area: timelineArea(in: area))
        postmortem.layout(area: area)
        entryView.layout(area: area)
    }

    /// Inside the detail box, below the header strip (and left of the facts column on wide screens).
    func timelineArea(in area: Rect) -> Rect {
        let inner = Rect(x: area.x + 1, y: area.y + 1, width: max(0, area.width - 2), height: max(0, area.height - 2))
        let width = inner.width >= Self.factsMinWidth ? inner.width * 62 / 100 : inner.width
        return Rect(x: inner.x, y: inner.y + Self.stripRows, width: width, height: max(0, inner.height - Self.stripRows))
    }

    /// From this inner width on, the links, checklist, evidence and suspects show beside the timeline.
    static let factsMinWidth = 140

    // MARK: - Data

    var source: PageSource<IncidentListRow> {
        let (store, actor, filter) = (env.store, env.actor, filter)
        return PageSource(count: { () throws(OpsError) in try store.incidentCount(filter, as: actor) },
                          load: { (offset, limit) throws(OpsError) in try store.incidentPage(filter, offset: offset, limit: limit, as: actor) })
    }

    func entrySource(_ number: IncidentNumber, count: Int) -> PageSource<IncidentEntry> {
        let (store, actor) = (env.store, env.actor)
        return PageSource(count: { count },
                          load: { (offset, limit) throws(OpsError) in try store.incidentEntries(number, offset: offset, limit: limit, as: actor) })
    }

    public func refresh(force: Bool) -> Bool {
        let current = (try? env.store.changeToken()) ?? token
        guard force || current != token else { return false }
        token = current
        reload(resetSelection: false)
        if let number, view != .list {
            open(number, resetCursor: false)
            if view == .postmortem { loadPinned() }
        }
        return true
    }

    func reload(resetSelection: Bool) {
        var list = self.list
        env.attempt { () throws(OpsError) in try list.reload(from: source, resetSelection: resetSelection) }
        self.list = list
    }

    /// Loads the header and the visible part of the timeline. A fresh open puts the cursor
    /// on the latest entry (what happened last is what a responder needs first).
    func open(_ number: IncidentNumber, resetCursor: Bool) {
        guard let loaded = env.attempt({ () throws(OpsError) in try env.store.incidentOverview(number, as: env.actor) }) else {
            close()
            return
        }
        self.number = number
        switch loaded.view {
        case .restricted:
            reading = nil
            restricted = true
            timeline.setRows([])
        case let .full(detail):
            reading = detail
            restricted = false
            var timeline = self.timeline
            let source = entrySource(number, count: loaded.entries)
            env.attempt { () throws(OpsError) in
                try timeline.reload(from: source, resetSelection: resetCursor)
                if resetCursor, loaded.entries > 0 {
                    timeline.select(loaded.entries - 1)
                    try timeline.loadVisible(from: source)
                }
            }
            self.timeline = timeline
        }
    }

    func close() {
        view = .list
        number = nil
        reading = nil
        restricted = false
    }

    /// The incident actions apply to: the open one, else the cursor row.
    var current: IncidentNumber? { view == .list ? list.selectedRow?.number : number }

    // MARK: - Commands

    public func perform(_ command: CommandID) -> Bool {
        if var open = prompt, open.kind.isCompose, command == .composeNewline || command == .composeDone {
            if command == .composeDone { submitModal() } else {
                open.area.insertNewline()
                open.error = nil
                prompt = open
            }
            return true
        }
        if modalIsOpen { return performModal(command) }
        if view == .list, performFilter(command) { return true }
        switch command {
        case .open:
            if view == .timeline, !restricted { openEntry(); return true }
            guard view == .list, let row = list.selectedRow else { return view == .list }
            open(row.number, resetCursor: true)
            view = .timeline
        case .back:
            switch view {
            case .list: return false
            case .timeline: close()
            case .postmortem, .entry: view = .timeline
            }
        case .incidentDeclare: openDeclareForm()
        case .incidentActionAdd: openActionForm()
        case .incidentActionDone: beginActionDone()
        case .incidentPostmortem:
            guard let number = current else { return noIncident() }
            if self.number != number || reading == nil { open(number, resetCursor: true) }
            guard reading != nil else {
                view = .timeline
                return true
            }
            postmortem.reset()
            loadPinned()
            view = .postmortem
        case .incidentPin: pin()
        case .incidentNote, .incidentStatus, .incidentSeverity, .incidentRole, .incidentLink, .incidentUnlink, .incidentChecklist,
             .incidentEvidence, .incidentPostmortemEdit:
            begin(command)
        default:
            return move(command)
        }
        return true
    }

    func move(_ command: CommandID) -> Bool {
        switch view {
        case .list:
            let moved = list.move(command)
            if moved { env.attempt { () throws(OpsError) in try list.loadVisible(from: source) } }
            return moved
        case .timeline:
            guard let number, !restricted else { return false }
            let moved = timeline.move(command)
            let source = entrySource(number, count: timeline.rowCount)
            if moved { env.attempt { () throws(OpsError) in try timeline.loadVisible(from: source) } }
            return moved
        case .postmortem:
            return postmortem.move(command)
        case .entry:
            return entryView.move(command)
        }
    }

    /// The list's filter keys; false for any other command.
    func performFilter(_ command: CommandID) -> Bool {
        switch command {
        case .incidentStatusFilter:
            statusChoice = (statusChoice + 1) % Self.statusChoices.count
            filter.statuses = Self.statusChoices[statusChoice].statuses
        case .incidentSeverityFilter:
            let next = filter.severity.map { $0.rawValue + 1 } ?? 1
            filter.severity = IncidentSeverity(rawValue: next)
        case .clearFilters:
            filter = IncidentFilter()
            statusChoice = 0
        default: return false
        }
        reload(resetSelection: true)
        return true
    }

    @discardableResult
    func noIncident() -> Bool {
        env.status.show("No incident under the cursor.", .info)
        return true
    }

    public func handleText(_ key: Key) -> Bool {
        modalIsOpen ? typeInModal(key) : false
    }

    public func handleMouse(_ event: MouseEvent) -> Bool {
        guard !modalIsOpen, view == .list, event.button == .left else { return false }
        let clicked = list.click(atPaneRow: event.y)
        if clicked { env.attempt { () throws(OpsError) in try list.loadVisible(from: source) } }
        return clicked
    }
}
