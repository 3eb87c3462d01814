import Foundation
import OpsCore
import OpsStore
import TermUI

/// The KPI report of `pmops kpi` in the console: every success metric of the use-case
/// document, grouped, with its value, sample, trend and (Enter) its definition. Figures the
/// reader may not see say "hidden"; figures without data say why. The report reads many
/// tables, so it is computed when the pane opens, when the period changes and at most every
/// five minutes after that, not on every committed change.
@MainActor public final class KPIPane: Pane {
    /// The periods `w`/`W` step through.
    static let periods: [(label: String, seconds: TimeInterval)] = [("7d", 7 * 86_400), ("30d", 30 * 86_400), ("90d", 90 * 86_400)]
    /// How long a computed report is shown before it is computed again on a refresh.
    static let maxAge: TimeInterval = 300
    /// Trend buckets per figure (as `pmops kpi`'s default).
    static let buckets = 8

    let env: ConsoleEnvironment
    var list = PagedTable<KPIRow>()
    var report: KPIReport?
    var computedAt: Date?
    var periodIndex = 1
    /// The figure shown in the detail view, nil in the list.
    var reading: KPIRow?
    var detail = DetailView()
    /// The filter as typed (`/`): matched against the figure's name, id and group.
    var filterText = ""

    public init(env: ConsoleEnvironment) { self.env = env }

    public var title: String { "KPIs" }
    public var scopes: [CommandScope] {
        if list.isFiltering { return [.form] }
        return reading == nil ? [.kpiList, .kpi, .list] : [.kpi]
    }
    public var capturesText: Bool { list.isFiltering }

    public func handleText(_ key: Key) -> Bool {
        guard let text = list.typeInFilter(key) else { return false }
        filterText = text
        list.setRows(visible, resetSelection: true)
        return true
    }

    /// The report's rows matching the filter.
    var visible: [KPIRow] {
        let rows = report?.rows ?? []
        guard !filterText.isEmpty else { return rows }
        let needle = filterText.lowercased()
        return rows.filter { row in
            [row.definition.name, row.definition.id, row.definition.group.title].contains { $0.lowercased().contains(needle) }
        }
    }

    public func layout(area: Rect) {
        list.layout(area: area)
        detail.layout(area: area)
    }

    var period: (label: String, seconds: TimeInterval) { Self.periods[periodIndex] }

    public func refresh(force: Bool) -> Bool {
        let now = env.clock.now()
        if let computedAt, now.timeIntervalSince(computedAt) < Self.maxAge { return false }
        compute()
        return true
    }

    /// Computes the report for the current period (one store call, which checks every
    /// figure's permission for the acting account).
    func compute() {
        let now = env.clock.now()
        computedAt = now
        let since = now.addingTimeInterval(-period.seconds)
        let (store, actor) = (env.store, env.actor)
        guard let loaded = env.attempt({ () throws(OpsError) in try store.kpiReport(since: since, buckets: Self.buckets, as: actor) }) else { return }
        report = loaded
        list.setRows(visible)
        if let reading { self.reading = loaded.row(reading.definition.id) }
    }

    public func perform(_ command: CommandID) -> Bool {
        if list.isFiltering {
            switch list.filterCommand(command) {
            case let .typed(text): filterText = text
            case .cleared: filterText = ""
            case .kept, .ignored: return true
            }
            list.setRows(visible, resetSelection: true)
            return true
        }
        switch command {
        case .filter: list.beginFilter(filterText)
        case .open:
            guard let row = list.selectedRow else { return true }
            reading = row
            detail.reset()
        case .back:
            guard reading != nil else { return false }
            reading = nil
        case .nextWindow, .previousWindow:
            let step = command == .nextWindow ? 1 : -1
            let next = periodIndex + step
            guard Self.periods.indices.contains(next) else {
                env.status.show("The period is already \(period.label): \(command == .nextWindow ? "the widest" : "the narrowest") offered.", .info)
                return true
            }
            periodIndex = next
            compute()
            env.status.show("KPIs over the last \(period.label).", .info)
        default:
            return reading == nil ? list.move(command) : detail.move(command)
        }
        return true
    }

    public func handleMouse(_ event: MouseEvent) -> Bool {
        guard reading == nil, event.button == .left else { return false }
        return list.click(atPaneRow: event.y)
    }
}
