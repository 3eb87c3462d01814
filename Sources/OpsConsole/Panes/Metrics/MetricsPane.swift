import Foundation
import OpsCore
import OpsStore
import TermUI

/// Every stored series, not just the dashboard's tiles: a paged list (name, labels, newest
/// value and its age) filtered by name text and `label=value` terms, a chart of the series
/// under the cursor, and two stacked charts on one time axis to compare a marked series with
/// another. It only reads, through the store's series listing and window queries (which merge
/// sealed blocks and the collector's buffer), reloaded every 2 s like the dashboard: samples
/// are not audited, so the change token does not move for them.
@MainActor public final class MetricsPane: Pane {
    let env: ConsoleEnvironment
    var list = PagedTable<MetricSeriesReading>()
    /// The filter as typed (`/`); `filter` is what it means.
    public internal(set) var filterText = ""
    public internal(set) var filter = MetricSeriesFilter()
    /// Series in the store whatever the filter, to tell "none yet" from "none matches".
    public internal(set) var storedCount = 0
    /// The series Space marked, charted with the next one for comparison.
    public internal(set) var marked: MetricSeries?
    /// The charted series (one, or the marked one and the other), nil in the list.
    public internal(set) var charted: [MetricSeries]?
    /// The charts' data, loaded with the window and the time they end at.
    public internal(set) var charts: [DashboardSnapshot.Metric] = []
    public internal(set) var window: DashboardWindow = .h1
    /// When the rows and charts were read: ages and the chart's time axis count from it.
    public internal(set) var readAt: Date
    private var lastLoad: Date?

    public init(env: ConsoleEnvironment) {
        self.env = env
        readAt = env.clock.now()
    }

    public var title: String { "Metrics" }
    public var scopes: [CommandScope] {
        if list.isFiltering { return [.form] }
        return charted == nil ? [.metricsList, .metrics, .list] : [.metrics]
    }
    public var capturesText: Bool { list.isFiltering }

    public func layout(area: Rect) { list.layout(area: area) }

    // MARK: - Data

    /// Reloads on a store change (forced) and every 2 s anyway, for new samples.
    public func refresh(force: Bool) -> Bool {
        let now = env.clock.now()
        if !force, let last = lastLoad, now.timeIntervalSince(last) < 2 { return false }
        reload(resetSelection: false)
        return true
    }

    func reload(resetSelection: Bool) {
        lastLoad = env.clock.now()
        readAt = env.clock.now()
        let store = env.store, actor = env.actor
        let loaded = env.attempt { () throws(OpsError) -> Bool in
            try store.authorize(.metricsRead, actor)
            storedCount = try store.seriesCount()
            try list.reload(from: source, resetSelection: resetSelection)
            return true
        }
        guard loaded == true else { return }
        if charted != nil { loadCharts() }
    }

    /// The series the filter keeps, a window at a time.
    var source: PageSource<MetricSeriesReading> {
        let store = env.store, filter = self.filter
        return PageSource(count: { () throws(OpsError) in try store.seriesCount(filter) },
                          load: { offset, limit throws(OpsError) in try store.seriesPage(filter, offset: offset, limit: limit) })
    }

    /// Each charted series' points over the window, in the dashboard's slots.
    func loadCharts() {
        guard let charted else { return }
        let loader = DashboardLoader(store: env.store), window = self.window, now = readAt
        charts = env.attempt { () throws(OpsError) in
            try charted.map { series throws(OpsError) in
                try loader.metric("series", Self.display(series), series.name, series.labels, "", window, now) { _ in .healthy }
            }
        } ?? []
    }

    // MARK: - Commands

    public func perform(_ command: CommandID) -> Bool {
        if list.isFiltering {
            switch list.filterCommand(command) {
            case let .typed(text): setFilter(text)
            case .cleared: setFilter("")
            case .kept, .ignored: break
            }
            return true
        }
        switch command {
        case .open: openChart()
        case .back:
            if charted != nil {
                charted = nil
                charts = []
            } else if marked != nil {
                marked = nil
            } else {
                return false
            }
        case .metricsMark:
            guard let row = list.selectedRow else {
                env.status.show("No series under the cursor.", .info)
                return true
            }
            marked = marked == row.series ? nil : row.series
        case .nextWindow, .previousWindow:
            let all = DashboardWindow.allCases
            let i = all.firstIndex(of: window) ?? 0
            window = all[(i + (command == .nextWindow ? 1 : all.count - 1)) % all.count]
            if charted != nil { loadCharts() }
        case .filter: list.beginFilter(filterText)
        default:
            guard charted == nil, list.move(command) else { return false }
            env.attempt { () throws(OpsError) in try list.loadVisible(from: source) }
        }
        return true
    }

    /// Charts the cursor's series, after the marked one when there is one.
    func openChart() {
        guard let row = list.selectedRow else {
            env.status.show(storedCount == 0 ? "No series stored yet." : "No series under the cursor.", .info)
            return
        }
        charted = marked.map { $0 == row.series ? [row.series] : [$0, row.series] } ?? [row.series]
        readAt = env.clock.now()
        loadCharts()
    }

    func setFilter(_ text: String) {
        filterText = text
        filter = Self.parseFilter(text)
        reload(resetSelection: true)
    }

    public func handleText(_ key: Key) -> Bool {
        guard let text = list.typeInFilter(key) else { return false }
        setFilter(text)
        return true
    }

    public func handleMouse(_ event: MouseEvent) -> Bool {
        guard charted == nil, !list.isFiltering, event.button == .left, list.click(atPaneRow: event.y) else { return false }
        env.attempt { () throws(OpsError) in try list.loadVisible(from: source) }
        return true
    }

    // MARK: - Filter and display text

    /// Terms separated by spaces, all of which must hold: `key=value` (quotes around the
    /// value optional) keeps series carrying that label value, any other term is text the
    /// name must contain.
    public nonisolated static func parseFilter(_ text: String) -> MetricSeriesFilter {
        var filter = MetricSeriesFilter()
        for term in text.split(whereSeparator: \.isWhitespace).map(String.init) {
            if let eq = term.firstIndex(of: "="), eq != term.startIndex {
                var value = String(term[term.index(after: eq)...])
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                filter.labels[String(term[..<eq])] = value
            } else {
                filter.nameContains.append(term)
            }
        }
        return filter
    }

    /// Labels as the filter takes them (`key=value`), the ones that tell series of one target
    /// apart first and `job`/`instance`, the same on every series of a scrape, last. Scraped
    /// text is sanitised: a label value must not reach the terminal as an escape sequence.
    public nonisolated static func labelText(_ labels: [String: String]) -> String {
        let late = ["job", "instance"]
        let keys = labels.keys.sorted { a, b in
            let (la, lb) = (late.firstIndex(of: a) ?? -1, late.firstIndex(of: b) ?? -1)
            return la != lb ? la < lb : a < b
        }
        return Sanitizer.sanitize(keys.map { "\($0)=\(labels[$0] ?? "")" }.joined(separator: " "))
    }

    /// `name{labels}` for a chart title, sanitised.
    public nonisolated static func display(_ series: MetricSeries) -> String {
        let name = Sanitizer.sanitize(series.name)
        return series.labels.isEmpty ? name : "\(name){\(labelText(series.labels))}"
    }
}
