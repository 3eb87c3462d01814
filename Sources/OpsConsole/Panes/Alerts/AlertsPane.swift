import Foundation
import OpsCore
import OpsStore
import TermUI

/// The Alert queue pane: the active alerts in queue order (unacknowledged critical first,
/// then oldest), sortable by any column and filtered by severity, state, team, "mine",
/// silenced and text; multi-select with bulk acknowledge / resolve / assign; a grouped
/// view; a detail view; dialogs for silence, snooze, false positive, assign and notes.
///
/// Only the rows on screen are loaded (`alertQueuePage`: count and window in one snapshot), so
/// a store of a million alerts costs what a screenful does. The pane reloads when the
/// store's change token moves (the app polls it); an idle pane does nothing. A new
/// critical alert is highlighted for a few seconds and, when the bell is on (key `b`, or
/// `PMOPS_ALERT_BELL=1` at start), rings the terminal bell.
@MainActor public final class AlertsPane: Pane, ModalHost {
    public enum View: Equatable { case queue, detail(Int64) }

    /// One row of the table: an alert, or (grouped view) a group header or a "more" line.
    enum Row {
        case alert(AlertRecord)
        case group(AlertGroup, expanded: Bool)
        case more(key: String, hidden: Int)
    }

    static let highlightSeconds: TimeInterval = 5
    /// Alerts loaded per expanded group (the rest is counted on a "more" row).
    static let groupMemberLimit = 200

    let env: ConsoleEnvironment
    public internal(set) var view: View = .queue
    public internal(set) var modal: AlertsModal = .none

    // Queue state
    public internal(set) var query = AlertQuery()
    /// The queue's cursor, loaded window and filter field; in the grouped view only its
    /// cursor and row count are used (the rows are `groupRows`).
    var queue = PagedTable<AlertRecord>()
    /// Rows counted before the header says "N+" (views without an index to count from);
    /// grows as the cursor nears the end, and End counts them all.
    var countLimit = AppDatabase.alertCountLimit
    var countExact = true
    /// Selected alert ids (space); actions apply to them, else to the cursor row.
    public internal(set) var marked: Set<Int64> = []
    /// The incident each loaded alert belongs to, shown as "[INC-n]" before its summary.
    var incidentOf: [Int64: IncidentNumber] = [:]
    /// The alerts `incidentOf` was read for (read again only when they change, or on refresh).
    var incidentMarksFor: [Int64]?
    /// Set when leaving the active states switched the queue order to age.
    var ageSortedForState = false

    // Grouped view
    public internal(set) var grouped = false
    var groups: [AlertGroup] = []
    var expanded: Set<String> = []
    var members: [String: (total: Int, rows: [AlertRecord])] = [:]
    var groupRows: [Row] = []
    /// Alerts inside their `for`, shown dimmed above the queue.
    var pending: [AlertRecord] = []

    // Detail
    var detail: AlertDetail?
    var detailView = DetailView()

    // New critical alerts
    var latestID: Int64?
    /// Critical rows with an id above this are highlighted until `highlightUntil`.
    var highlightAfterID: Int64 = .max
    var highlightUntil: Date?
    public var bellEnabled: Bool
    let ringBell: @MainActor () -> Void

    // Tab badge
    var badgeCount = 0
    var badgeToken: Int64 = -1

    public init(env: ConsoleEnvironment, bell: Bool = false, ringBell: @escaping @MainActor () -> Void = {}) {
        self.env = env
        self.bellEnabled = bell
        self.ringBell = ringBell
    }

    public var title: String { "Alerts" }

    /// Unacknowledged, unsilenced criticals, as `refreshBadge` last read them.
    public var badge: Int? { badgeCount > 0 ? badgeCount : nil }

    /// The app calls this for every offered pane when the store's change token moved, so
    /// the count stays current while another pane is shown.
    public func refreshBadge() {
        guard let token = try? env.store.changeToken(), token != badgeToken else { return }
        badgeToken = token
        badgeCount = (try? env.store.unacknowledgedCriticalCount()) ?? badgeCount
    }

    public func layout(area: Rect) {
        queue.layout(area: queueArea(area))
        detailView.layout(area: area)
    }

    public var modalIsOpen: Bool { modal.isOpen }

    public var scopes: [CommandScope] {
        if capturesText { return [.form] }
        switch view {
        case .queue: return [.alertsQueue, .alerts, .list]
        case .detail: return [.alertsDetail, .alerts]
        }
    }

    public var capturesText: Bool { modal.isOpen || queue.isFiltering }

    // MARK: - Commands

    public func perform(_ command: CommandID) -> Bool {
        if modal.isOpen { return performModal(command) }
        if queue.isFiltering { return performFilterEdit(command) }
        if case let .detail(id) = view { return performDetail(command, id: id) }
        switch command {
        case .back:
            if !marked.isEmpty {
                marked = []
                return true
            }
            if query != AlertQuery() { clearFilters(); return true }
            return false
        case .open:
            switch currentRow {
            case let .alert(a)?: openDetail(a.id)
            case let .group(g, _)?: toggleGroup(g.key, expand: nil)
            default: break
            }
            return true
        case .moveRight, .moveLeft:
            if case let .group(g, _)? = currentRow { toggleGroup(g.key, expand: command == .moveRight) }
            return true
        case .filter:
            queue.beginFilter(query.text)
            return true
        case .alertMark:
            toggleMark()
            return true
        case .alertGroups:
            grouped.toggle()
            reload(resetSelection: true)
            return true
        case .alertSortNext:
            query.sort = AlertQuery.Sort.allCases.cycled(after: query.sort) ?? .queue
            query.descending = false
            resort()
            return true
        case .alertSortReverse:
            query.descending.toggle()
            resort()
            return true
        case .alertSeverityFilter:
            let current: AlertSeverity? = query.severities.count == 1 ? query.severities.first : nil
            let next = ([nil, .critical, .warning, .info] as [AlertSeverity?]).cycled(after: current) ?? nil
            query.severities = next.map { [$0] } ?? []
            reload(resetSelection: true)
            return true
        case .alertStateFilter:
            let cycle = Self.stateCycle
            query.states = cycle.cycled(after: query.states) ?? []
            // The queue order (unacknowledged first) means nothing for resolved and closed
            // alerts, and no index serves it there: those views sort by age instead.
            let activeOnly = !query.states.isEmpty && query.states.isSubset(of: cycle[0])
            if !activeOnly, query.sort == .queue {
                query.sort = .age
                ageSortedForState = true
            } else if activeOnly, ageSortedForState {
                if query.sort == .age { query.sort = .queue }
                ageSortedForState = false
            }
            reload(resetSelection: true)
            return true
        case .alertTeamFilter:
            modal = .prompt(AlertPrompt(kind: .team, ids: [], text: query.team ?? currentAlert?.team ?? ""))
            return true
        case .alertMineFilter:
            query.assignee = query.assignee == nil ? env.actor.effectiveLogin : nil
            reload(resetSelection: true)
            return true
        case .alertSilencedFilter:
            query.silenced = ([.include, .exclude, .only] as [AlertQuery.Silenced]).cycled(after: query.silenced) ?? .include
            reload(resetSelection: true)
            return true
        case .clearFilters:
            clearFilters()
            return true
        case .moveUp, .moveDown, .pageUp, .pageDown, .first, .last:
            if !grouped, !countExact, command == .last {
                countLimit = .max
                reload()
            }
            _ = queue.move(command)
            guard !grouped else { return true }
            if !countExact, (queue.selectedIndex ?? 0) + 2 * queue.pageRows >= queue.rowCount {
                countLimit = countLimit > Int.max / 4 ? .max : countLimit * 4
                reload()
            } else {
                loadVisibleRows()
            }
            return true
        default:
            return performAction(command)
        }
    }

    func performDetail(_ command: CommandID, id: Int64) -> Bool {
        switch command {
        case .back:
            view = .queue
            detail = nil
            reload()
            return true
        case .copyURL:
            guard let url = detail?.alert.runbookURL ?? detail?.alert.annotations.values.first(where: Self.isURL) else {
                env.status.show("This alert has no runbook URL.", .warning)
                return true
            }
            env.copyWhole(url)
            return true
        case .alertOpenTicket:
            openTicketForm()
            return true
        default:
            return detailView.move(command) || performAction(command)
        }
    }

    /// The action keys, in the queue and in the detail view.
    func performAction(_ command: CommandID) -> Bool {
        switch command {
        case .alertAck: openPrompt(.acknowledge)
        case .alertSnooze: openPrompt(.snooze, text: "1h")
        case .alertFalsePositive: openPrompt(.falsePositive)
        case .alertNote: openPrompt(.note)
        case .alertAssign: openPrompt(.assign, text: currentAlert?.assignee ?? env.actor.effectiveLogin)
        case .alertResolve: openPrompt(.resolve)
        case .alertEscalate: openPrompt(.escalate)
        case .alertSilence:
            guard let alert = currentAlert else {
                env.status.show("Put the cursor on an alert to silence alerts like it.", .info)
                return true
            }
            openSilenceForm(alert)
        case .alertDeclareIncident: openDeclareForm()
        case .alertBell:
            bellEnabled.toggle()
            env.status.show(bellEnabled ? "The bell rings for new critical alerts." : "Bell off.", .info)
        default:
            return false
        }
        return true
    }

    public func handleText(_ key: Key) -> Bool {
        if modal.isOpen { return typeInModal(key) }
        guard let text = queue.typeInFilter(key) else { return false }
        query.text = text
        reload(resetSelection: true)
        return true
    }

    /// Enter keeps the text filter, Esc clears it.
    func performFilterEdit(_ command: CommandID) -> Bool {
        switch queue.filterCommand(command) {
        case let .typed(text): query.text = text
        case .cleared: query.text = ""
        case .kept, .ignored: return true
        }
        reload(resetSelection: true)
        return true
    }

    func clearFilters() {
        let sort = query.sort, descending = query.descending
        query = AlertQuery()
        query.sort = ageSortedForState && sort == .age ? .queue : sort
        ageSortedForState = false
        query.descending = descending
        reload(resetSelection: true)
    }

    /// States the state filter cycles through (the first is the default: active).
    static let stateCycle: [Set<AlertState>] = [
        [.open, .acknowledged, .snoozed], [.open], [.acknowledged], [.snoozed], [.resolved], [.closed], [],
    ]

    // MARK: - Cursor and selection

    var currentRow: Row? {
        guard let index = queue.selectedIndex else { return nil }
        if grouped { return groupRows.indices.contains(index) ? groupRows[index] : nil }
        return queue.window[index].map(Row.alert)
    }

    /// The alert under the cursor (queue) or shown (detail).
    var currentAlert: AlertRecord? {
        if case .detail = view { return detail?.alert }
        if case let .alert(a)? = currentRow { return a }
        return nil
    }

    /// What an action applies to: the selection, else the cursor row (a whole group on a
    /// group row), else the alert shown in the detail view.
    func targetIDs() -> [Int64] {
        if case let .detail(id) = view { return [id] }
        if !marked.isEmpty { return marked.sorted() }
        switch currentRow {
        case let .alert(a)?: return [a.id]
        case let .group(g, _)?: return groupMemberIDs(g.key)
        default: return []
        }
    }

    func toggleMark() {
        switch currentRow {
        case let .alert(a)?:
            if marked.remove(a.id) == nil { marked.insert(a.id) }
        case let .group(g, _)?:
            let ids = groupMemberIDs(g.key)
            if ids.allSatisfy(marked.contains) { marked.subtract(ids) } else { marked.formUnion(ids) }
        default:
            break
        }
        _ = queue.move(.moveDown)
        if !grouped { loadVisibleRows() }
    }

    public func handleMouse(_ event: MouseEvent) -> Bool {
        guard !modal.isOpen, event.button == .left, view == .queue else { return false }
        return queue.click(atPaneRow: event.y - pendingLines)
    }
}
