import Foundation
import OpsCore
import OpsStore
import TermUI

/// One row of the timeline: a configuration change set still open (pinned first: it has
/// no change event until it is applied, and it waits for someone), or a change event.
enum ChangeRow {
    case openSet(ConfigChangeSet)
    case event(ChangeEvent)
}

/// What the detail view shows, read once when it opens (and on refresh).
struct ChangeDetail {
    var row: ChangeRow
    var changeSet: ConfigChangeSet?
    var history: [ConfigHistoryEntry] = []
    /// "env/key" → the value the set replaced (or replaces, before it is applied).
    var before: [String: String] = [:]
    var flag: StoredFlag?
    var flagHistory: [FlagVersion] = []
    /// The health-gate watches of the change set or flag, newest first.
    var gates: [ChangeGate] = []
    /// Alerts that fired within 30 minutes after the event; nil when it has none to follow.
    var alerts: [ChangeAlert]?
    var alertsRefused: String?
}

/// Every change in one timeline, newest first: deploys and rollbacks, configuration
/// change sets and flag changes, filtered by service, kind, status and environment; a
/// detail per change with the alerts that followed it; and the change set and rollout
/// actions, each the store call the CLI makes. Built on the kit: a paged table over
/// `changeEventPage`, a detail view and one-field prompts.
@MainActor public final class ChangesPane: Pane, ModalHost {
    let env: ConsoleEnvironment
    var list = PagedTable<ChangeRow>()
    var filter = ChangeFilter()
    /// Open change sets under the filter, read once per reload (there are few).
    var openSets: [ConfigChangeSet] = []
    var reading: ChangeDetail?
    var detail = DetailView()
    var prompt: ChangePrompt?
    var token: Int64 = -1

    public init(env: ConsoleEnvironment) { self.env = env }

    public var title: String { "Changes" }
    public var scopes: [CommandScope] {
        if let prompt { return prompt.kind == .applyStaging ? [.dialog] : [.form] }
        if list.isFiltering { return [.form] }
        return reading == nil ? [.changesList, .changes, .list] : [.changesDetail, .changes]
    }
    public var capturesText: Bool { (prompt.map { $0.kind != .applyStaging } ?? false) || list.isFiltering }
    public var modalIsOpen: Bool { prompt != nil }

    public func layout(area: Rect) {
        list.layout(area: area)
        detail.layout(area: area)
    }

    // MARK: - Data

    var source: PageSource<ChangeRow> {
        let (store, actor, filter, pinned) = (env.store, env.actor, filter, openSets.map(ChangeRow.openSet))
        return PageSource(count: { () throws(OpsError) in try pinned.count + store.changeEventCount(filter, as: actor) },
                          load: { (offset, limit) throws(OpsError) in
                              let head = offset < pinned.count ? Array(pinned[offset..<min(pinned.count, offset + limit)]) : []
                              let rest = limit - head.count
                              guard rest > 0 else { return head }
                              let events = try store.changeEventPage(filter, offset: max(0, offset - pinned.count), limit: rest, as: actor)
                              return head + events.map(ChangeRow.event)
                          })
    }

    public func refresh(force: Bool) -> Bool {
        let current = (try? env.store.changeToken()) ?? token
        guard force || current != token else { return false }
        token = current
        reload(resetSelection: false)
        if let reading { open(reading.row) }
        return true
    }

    func reload(resetSelection: Bool) {
        openSets = []
        if filter.showsOpenChangeSets {
            let sets = env.attempt { () throws(OpsError) in try env.store.configChangeSets(openOnly: true, as: env.actor) } ?? []
            openSets = sets.filter { set in filter.environment.map { e in set.items.contains { $0.environment == e } } ?? true }
        }
        var list = self.list
        env.attempt { () throws(OpsError) in try list.reload(from: source, resetSelection: resetSelection) }
        self.list = list
    }

    /// The row actions apply to: the open one, else the cursor row.
    var current: ChangeRow? { reading?.row ?? list.selectedRow }

    // MARK: - Commands

    public func perform(_ command: CommandID) -> Bool {
        if modalIsOpen { return performModal(command) }
        if list.isFiltering {
            switch list.filterCommand(command) {
            case let .typed(text): setService(text)
            case .cleared: filter.service = nil
            case .kept, .ignored: return true
            }
            reload(resetSelection: true)
            return true
        }
        if performFilter(command) { return true }
        switch command {
        case .open:
            guard let row = list.selectedRow else { return true }
            open(row)
            detail.reset()
        case .back:
            guard reading != nil else { return false }
            reading = nil
        case .changeReview, .changeAdvance, .changeRollback, .changeKill: begin(command)
        case .changeRolloutStep: advanceRollout()
        default:
            guard reading == nil else { return detail.move(command) }
            let moved = list.move(command)
            if moved { env.attempt { () throws(OpsError) in try list.loadVisible(from: source) } }
            return moved
        }
        return true
    }

    /// The timeline's filter keys; false for any other command (or in the detail view).
    func performFilter(_ command: CommandID) -> Bool {
        guard reading == nil else { return false }
        switch command {
        case .filter:
            list.beginFilter(filter.service ?? "", maxLength: 63)
            return true
        case .changeKindFilter: filter.kind = Self.next(filter.kind, in: ChangeEvent.Kind.allCases)
        case .changeStatusFilter: filter.status = Self.next(filter.status, in: ChangeFilter.Status.allCases)
        case .changeEnvironmentFilter: filter.environment = Self.next(filter.environment, in: ConfigEnvironment.allCases)
        case .clearFilters: filter = ChangeFilter()
        default: return false
        }
        reload(resetSelection: true)
        return true
    }

    /// nil, then each case, then nil again.
    static func next<T: Equatable>(_ value: T?, in all: [T]) -> T? {
        guard let value, let i = all.firstIndex(of: value) else { return all.first }
        return i + 1 < all.count ? all[i + 1] : nil
    }

    /// The `/` field names one service exactly (services are lower case).
    func setService(_ text: String) {
        let name = text.trimmingCharacters(in: .whitespaces).lowercased()
        filter.service = name.isEmpty ? nil : name
    }

    public func handleText(_ key: Key) -> Bool {
        if modalIsOpen { return typeInModal(key) }
        guard let text = list.typeInFilter(key) else { return false }
        setService(text)
        reload(resetSelection: true)
        return true
    }

    public func handleMouse(_ event: MouseEvent) -> Bool {
        guard !modalIsOpen, reading == nil, event.button == .left else { return false }
        let clicked = list.click(atPaneRow: event.y)
        if clicked { env.attempt { () throws(OpsError) in try list.loadVisible(from: source) } }
        return clicked
    }
}
